#include "ResourceLocator.h"

#include <cstdlib>

#include <boost/dll/runtime_symbol_info.hpp>

namespace fs = std::filesystem;

namespace aviary {

fs::path ResourceLocator::installedRoot() {
  const fs::path program(boost::dll::program_location().string());
  return program.parent_path().parent_path() / "share" / "aviary";
}

fs::path ResourceLocator::sourceRoot() {
  return AVIARY_SOURCE_DIR;
}

std::optional<fs::path> ResourceLocator::existing(const fs::path& relative) {
  for (const fs::path& root : {installedRoot(), sourceRoot()})
    if (std::error_code ignored; fs::exists(root / relative, ignored)) return root / relative;
  return std::nullopt;
}

fs::path ResourceLocator::find(const fs::path& relative, const char* environmentVariable) {
  if (environmentVariable != nullptr)
    if (const char* value = std::getenv(environmentVariable); value != nullptr && *value != '\0')
      return value;
  return existing(relative).value_or(sourceRoot() / relative);
}

}  // namespace aviary
