#include "PluginHostContext.h"

#include <cctype>

#include "PluginAbi.h"

namespace aviary {

PluginHost::~PluginHost() = default;

PluginHostContext::PluginHostContext(std::string pluginId, std::filesystem::path resourceDirectory,
                                     std::string configuration, WorkerPool& workers, LogSink log)
    : pluginId_(std::move(pluginId)),
      resourceDirectory_(std::move(resourceDirectory)),
      configuration_(configuration.empty() ? "{}" : std::move(configuration)),
      schema_(schemaFor(pluginId_)),
      workers_(workers),
      log_(std::move(log)) {}

std::string PluginHostContext::hostVersion() const {
  return kHostVersion;
}

void PluginHostContext::log(LogLevel level, const std::string& message) const {
  if (log_) log_(level, pluginId_ + ": " + message);
}

std::string PluginHostContext::databaseConnection() const {
  std::lock_guard lock(mutex_);
  return database_;
}

void PluginHostContext::attachDatabase(const std::string& connectionString) {
  std::lock_guard lock(mutex_);
  database_ = connectionString;
}

void PluginHostContext::parallelFor(std::size_t count,
                                    const std::function<void(std::size_t)>& body) {
  workers_.parallelFor(count, body);
}

std::string PluginHostContext::schemaFor(const std::string& pluginId) {
  std::string schema;
  for (char c : pluginId)
    schema += std::isalnum(static_cast<unsigned char>(c))
                  ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                  : '_';
  return schema;
}

}  // namespace aviary
