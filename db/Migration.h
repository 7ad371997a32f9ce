#pragma once

#include <filesystem>
#include <string>

namespace aviary {

// One versioned SQL file: migrations/V0001__short_description.sql.
struct Migration {
  int version = 0;
  std::string description;  // from the file name, underscores as spaces
  std::filesystem::path file;
  std::string sql;
  std::string checksum;  // SHA-256 of the file's bytes
};

}  // namespace aviary
