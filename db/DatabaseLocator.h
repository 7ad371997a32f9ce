#pragma once

#include <string>

#include "DatabaseTarget.h"

namespace aviary {

// Finds the database: AVIARY_DATABASE_URL, else `database_url` in the config file
// (AVIARY_CONFIG, else $XDG_CONFIG_HOME/aviary/config.json), else the embedded cluster.
class DatabaseLocator {
 public:
  static DatabaseTarget locate();

  // Locates the database and makes it usable: for the embedded default, starts the private
  // cluster and applies pending migrations (first use needs no setup). With AVIARY_ROLE set
  // (e.g. aviary_underwriter) every session runs as that role.
  static DatabaseTarget open();

  static std::string withRole(const std::string& connectionString, const std::string& role);

  // The connection string with any password replaced by ***, for logs and messages.
  static std::string redact(const std::string& connectionString);
};

}  // namespace aviary
