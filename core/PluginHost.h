#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "PluginAbi.h"

namespace aviary {

enum class LogLevel { Debug, Info, Warning, Error };

// What the host gives a plugin when it starts (EvidenceSource::initialize), after Qt
// Creator's plugin interface. The host outlives every object the plugin makes. A plugin
// never changes process-wide settings (OpenMP, GDAL's cache, the locale, stderr): what it
// needs from the process, it asks for here.
class AVIARY_EXPORT PluginHost {
 public:
  virtual ~PluginHost();

  virtual std::string hostVersion() const = 0;
  // This plugin's section of the configuration file ({"plugins": {"<id>": {...}}}) as JSON
  // text; "{}" when there is none.
  virtual std::string configuration() const = 0;
  // The host's log (stderr with --verbose): plugins never write to the terminal themselves.
  virtual void log(LogLevel level, const std::string& message) const = 0;
  // The plugin's own folder of installed resources: models, tables, its migrations.
  virtual std::filesystem::path resourceDirectory() const = 0;
  // The libpq connection string of this process's database, or "" when it has none. Ask each
  // time: the host may attach its database after the plugin started. The plugin's tables
  // live in databaseSchema(), made by its own migrations (<resources>/migrations/V*.sql,
  // applied by `aviary db migrate`); name them with the schema.
  virtual std::string databaseConnection() const = 0;
  virtual std::string databaseSchema() const = 0;
  // Runs body(0) .. body(count - 1) on the host's shared workers and returns when all are
  // done; the first exception thrown by a body is rethrown here.
  virtual void parallelFor(std::size_t count, const std::function<void(std::size_t)>& body) = 0;
  virtual unsigned workerCount() const = 0;
  // A memo the host keeps for this plugin while the process runs, bounded in size (an entry
  // may be forgotten at any time). For work keyed by content, e.g. the reading of a photo by
  // the hash of its bytes: a channel that sends documents one by one would otherwise have
  // every earlier one read again with each new one. recall returns "" for an unknown key.
  virtual std::string recall(const std::string& key) const;
  virtual void remember(const std::string& key, std::string value);
};

}  // namespace aviary
