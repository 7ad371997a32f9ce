#pragma once

#include <filesystem>
#include <string>

namespace aviary {

// The JSON file beside each plugin library (`<id>.plugin.json`). The loader reads it
// without running any plugin code, so incompatible plugins are refused before dlopen.
struct PluginManifest {
  std::string id;
  std::string version;
  int abiVersion = 0;
  std::string description;
  std::string library;  // file name, relative to the manifest's folder
  std::filesystem::path manifestPath;

  std::filesystem::path libraryPath() const { return manifestPath.parent_path() / library; }

  // Throws std::runtime_error naming the file and the missing or malformed key.
  static PluginManifest read(const std::filesystem::path& path);
};

}  // namespace aviary
