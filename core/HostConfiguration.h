#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// The configuration file: AVIARY_CONFIG, else $XDG_CONFIG_HOME/aviary/config.json, else
// ~/.config/aviary/config.json. {"database_url": "...", "plugins": {"<id>": {...}}}.
class HostConfiguration {
 public:
  static std::filesystem::path path();
  // The file's object; {} when there is none. Throws std::runtime_error naming the file when
  // it is not valid JSON.
  static nlohmann::json load();
  // One plugin's section as JSON text, "{}" when absent.
  static std::string pluginSection(const nlohmann::json& configuration, const std::string& id);
};

}  // namespace aviary
