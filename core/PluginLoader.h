#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "PluginHostContext.h"
#include "PluginRegistry.h"

namespace aviary {

// Finds `*.plugin.json` manifests on a search path and loads their libraries.
// Order: read every manifest; refuse ABI mismatches and duplicate ids; open each library
// with RTLD_NOW; check the exported ABI symbol and factory; create the source and start it
// with its host context (EvidenceSource::initialize). A refused plugin fails alone with a
// reason naming its file; the others still load.
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
  // Only the manifests, no plugin code run: what `aviary db migrate` needs on a host that
  // lacks a plugin's libraries.
  std::vector<PluginManifest> manifests() const;

  // The configuration file's contents (plugin sections) and where plugins' log lines go;
  // by default warnings and errors go to stderr, the rest only with AVIARY_LOG=debug.
  void setConfiguration(nlohmann::json configuration) { configuration_ = std::move(configuration); }
  void setLogSink(PluginHostContext::LogSink sink) { logSink_ = std::move(sink); }
  static void logToStderr(LogLevel level, const std::string& message);

 private:
  std::vector<std::filesystem::path> searchPath_;
  std::optional<std::set<std::string>> allowedIds_;
  nlohmann::json configuration_ = nlohmann::json::object();
  PluginHostContext::LogSink logSink_ = &PluginLoader::logToStderr;
};

}  // namespace aviary
