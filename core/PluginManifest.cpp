#include "PluginManifest.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aviary {

PluginManifest PluginManifest::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open the manifest: check the file's permissions");
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw std::runtime_error("the manifest is not a JSON object: fix its syntax");

  auto requireString = [&](const char* key) {
    if (!json.contains(key) || !json.at(key).is_string() || json.at(key).get<std::string>().empty())
      throw std::runtime_error(std::string("the manifest has no \"") + key + "\" string");
    return json.at(key).get<std::string>();
  };

  PluginManifest manifest;
  manifest.manifestPath = path;
  manifest.id = requireString("id");
  manifest.version = requireString("version");
  manifest.library = requireString("library");
  manifest.description = json.value("description", "");
  if (!json.contains("abi") || !json.at("abi").is_number_integer())
    throw std::runtime_error("the manifest has no integer \"abi\": rebuild the plugin");
  manifest.abiVersion = json.at("abi").get<int>();
  return manifest;
}

}  // namespace aviary
