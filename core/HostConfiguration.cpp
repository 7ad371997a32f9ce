#include "HostConfiguration.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace aviary {

std::filesystem::path HostConfiguration::path() {
  if (const char* path = std::getenv("AVIARY_CONFIG"); path != nullptr && *path != '\0')
    return path;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0')
    return std::filesystem::path(xdg) / "aviary" / "config.json";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".config" / "aviary" / "config.json";
  return {};
}

nlohmann::json HostConfiguration::load() {
  const auto file = path();
  std::error_code error;
  if (file.empty() || !std::filesystem::exists(file, error)) return nlohmann::json::object();
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw std::runtime_error("config file " + file.string() + " is not a JSON object: fix it");
  return json;
}

std::string HostConfiguration::pluginSection(const nlohmann::json& configuration,
                                             const std::string& id) {
  if (!configuration.contains("plugins") || !configuration["plugins"].is_object() ||
      !configuration["plugins"].contains(id))
    return "{}";
  return configuration["plugins"][id].dump();
}

}  // namespace aviary
