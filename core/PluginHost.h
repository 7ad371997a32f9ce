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
};

}  // namespace aviary
