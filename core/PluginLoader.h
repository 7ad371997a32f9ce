#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "PluginRegistry.h"

namespace aviary {

// Finds `*.plugin.json` manifests on a search path and loads their libraries.
// Order: read every manifest; refuse ABI mismatches and duplicate ids; open each library
// with RTLD_NOW; check the exported ABI symbol and factory; create the source. A refused
// plugin fails alone with a reason naming its file; the others still load.
class PluginLoader {
 public:
  // Environment: AVIARY_PLUGIN_PATH (colon-separated folders, searched first) and
  // AVIARY_PLUGINS (comma-separated ids; when set, only these load).
  static constexpr const char* kPathVariable = "AVIARY_PLUGIN_PATH";
  static constexpr const char* kAllowVariable = "AVIARY_PLUGINS";

  PluginLoader(std::vector<std::filesystem::path> searchPath,
               std::optional<std::set<std::string>> allowedIds = std::nullopt);

  // AVIARY_PLUGIN_PATH, then <exe>/../lib/aviary/plugins, then the build tree's plugins/.
  static std::vector<std::filesystem::path> defaultSearchPath();
  static std::optional<std::set<std::string>> allowedIdsFromEnvironment();
  static PluginLoader fromEnvironment();

  PluginRegistry load() const;

 private:
  std::vector<std::filesystem::path> searchPath_;
  std::optional<std::set<std::string>> allowedIds_;
};

}  // namespace aviary
