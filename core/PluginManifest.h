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
  std::string library;                      // file name, relative to the manifest's folder
  std::string hostMinimum, hostBelow;       // the hosts it was built for: [minimum, below)
  std::string compilerId, compilerVersion;  // what built it; must match the host's
  std::string resources;  // its resource folder, relative to the manifest's folder
  std::string command;    // `aviary <command> ...` runs its commands; default: its id
  // Its workbench view module (Qt), relative to the manifest's folder; "" when it has none.
  // Only the workbench opens it; the host and the server never do.
  std::string view;
  std::filesystem::path manifestPath;

  std::filesystem::path libraryPath() const { return manifestPath.parent_path() / library; }
  std::filesystem::path viewPath() const { return manifestPath.parent_path() / view; }
  const std::string& commandName() const { return command.empty() ? id : command; }
  std::filesystem::path resourceDirectory() const {
    return manifestPath.parent_path() / (resources.empty() ? id : resources);
  }
  // Why this host cannot load it (host version or compiler), or "" when it can.
  std::string incompatibility() const;

  // Throws std::runtime_error naming the file and the missing or malformed key.
  static PluginManifest read(const std::filesystem::path& path);
};

}  // namespace aviary
