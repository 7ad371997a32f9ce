#include "ResourceLocator.h"

#include <cstdlib>

#include <boost/dll/runtime_symbol_info.hpp>

namespace fs = std::filesystem;

namespace aviary {

fs::path ResourceLocator::programDirectory() {
  return fs::path(boost::dll::program_location().string()).parent_path();
}

fs::path ResourceLocator::installedRoot() {
  return programDirectory().parent_path() / AVIARY_DATA_RELATIVE_DIR;
}

std::optional<fs::path> ResourceLocator::existing(const fs::path& relative) {
  const fs::path path = installedRoot() / relative;
  if (std::error_code ignored; fs::exists(path, ignored)) return path;
  return std::nullopt;
}

fs::path ResourceLocator::find(const fs::path& relative, const char* environmentVariable) {
  if (environmentVariable != nullptr)
    if (const char* value = std::getenv(environmentVariable); value != nullptr && *value != '\0')
      return value;
  return installedRoot() / relative;
}

}  // namespace aviary
