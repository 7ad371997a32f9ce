#include "PluginHostContext.h"

#include <cctype>

#include "PluginAbi.h"

namespace aviary {

PluginHost::~PluginHost() = default;

std::string PluginHost::recall(const std::string&) const {
  return {};
}

void PluginHost::remember(const std::string&, std::string) {}

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

std::string PluginHostContext::recall(const std::string& key) const {
  std::lock_guard lock(memoMutex_);
  const auto found = memoIndex_.find(key);
  if (found == memoIndex_.end()) return {};
  memo_.splice(memo_.begin(), memo_, found->second);
  return found->second->second;
}

void PluginHostContext::remember(const std::string& key, std::string value) {
  std::lock_guard lock(memoMutex_);
  if (const auto found = memoIndex_.find(key); found != memoIndex_.end()) {
    memoBytes_ -= found->second->first.size() + found->second->second.size();
    memo_.erase(found->second);
    memoIndex_.erase(found);
  }
  if (key.size() + value.size() > kMemoBytes / 4) return;  // one entry never fills the memo
  memoBytes_ += key.size() + value.size();
  memo_.emplace_front(key, std::move(value));
  memoIndex_[key] = memo_.begin();
  while (memoBytes_ > kMemoBytes && !memo_.empty()) {
    memoBytes_ -= memo_.back().first.size() + memo_.back().second.size();
    memoIndex_.erase(memo_.back().first);
    memo_.pop_back();
  }
}

}  // namespace aviary
