#pragma once

#include <filesystem>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "PluginHost.h"
#include "WorkerPool.h"

namespace aviary {

// The host's side of PluginHost for one plugin: its id, resource folder, configuration and
// schema; the process's database (attached when the process opens one) and shared workers.
class PluginHostContext : public PluginHost {
 public:
  using LogSink = std::function<void(LogLevel, const std::string&)>;

  PluginHostContext(std::string pluginId, std::filesystem::path resourceDirectory,
                    std::string configuration, WorkerPool& workers, LogSink log);

  std::string hostVersion() const override;
  std::string configuration() const override { return configuration_; }
  void log(LogLevel level, const std::string& message) const override;
  std::filesystem::path resourceDirectory() const override { return resourceDirectory_; }
  std::string databaseConnection() const override;
  std::string databaseSchema() const override { return schema_; }
  void parallelFor(std::size_t count, const std::function<void(std::size_t)>& body) override;
  unsigned workerCount() const override { return workers_.size(); }
  // Least recently used entries go first once the memo holds more than kMemoBytes.
  std::string recall(const std::string& key) const override;
  void remember(const std::string& key, std::string value) override;
  static constexpr std::size_t kMemoBytes = 256u << 20;

  // The database this process uses.
  void attachDatabase(const std::string& connectionString);

  // The schema a plugin's tables live in: its id, lower case, [a-z0-9_] only.
  static std::string schemaFor(const std::string& pluginId);

 private:
  std::string pluginId_;
  std::filesystem::path resourceDirectory_;
  std::string configuration_;
  std::string schema_;
  WorkerPool& workers_;
  LogSink log_;
  mutable std::mutex mutex_;
  std::string database_;
  mutable std::mutex memoMutex_;
  using MemoEntry = std::pair<std::string, std::string>;
  mutable std::list<MemoEntry> memo_;  // most recently used first
  std::unordered_map<std::string, std::list<MemoEntry>::iterator> memoIndex_;
  std::size_t memoBytes_ = 0;
};

}  // namespace aviary
