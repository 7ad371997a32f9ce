#pragma once

#include <filesystem>
#include <string>

namespace aviary {

// Which database a process uses, and how it was chosen.
struct DatabaseTarget {
  std::string connectionString;  // libpq URL or key=value string; may hold a password
  bool embedded = false;
  std::filesystem::path embeddedRoot;
  std::string origin;  // "AVIARY_DATABASE_URL", the config file's path, or "embedded"
};

}  // namespace aviary
