#include "PluginManifest.h"

#include <fstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "PluginAbi.h"

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
  manifest.resources = json.value("resources", "");
  manifest.command = json.value("command", "");
  if (json.contains("view") && !json.at("view").is_string())
    throw std::runtime_error("the manifest's \"view\" is not a file name: rebuild the plugin");
  manifest.view = json.value("view", "");
  const auto& host = json.contains("host") ? json.at("host") : nlohmann::json();
  const auto& compiler = json.contains("compiler") ? json.at("compiler") : nlohmann::json();
  if (!host.is_object() || !host.value("minimum", nlohmann::json()).is_string() ||
      !host.value("below", nlohmann::json()).is_string())
    throw std::runtime_error(
        "the manifest has no \"host\": {\"minimum\", \"below\"} version range: rebuild the "
        "plugin with aviary_add_evidence_source");
  if (!compiler.is_object() || !compiler.value("id", nlohmann::json()).is_string() ||
      !compiler.value("version", nlohmann::json()).is_string())
    throw std::runtime_error(
        "the manifest has no \"compiler\": {\"id\", \"version\"}: rebuild the plugin with "
        "aviary_add_evidence_source");
  manifest.hostMinimum = host.at("minimum").get<std::string>();
  manifest.hostBelow = host.at("below").get<std::string>();
  manifest.compilerId = compiler.at("id").get<std::string>();
  manifest.compilerVersion = compiler.at("version").get<std::string>();
  return manifest;
}

namespace {

// "1.10.2" -> {1, 10, 2}; missing parts are 0.
std::vector<int> versionParts(const std::string& text) {
  std::vector<int> parts;
  std::size_t start = 0;
  while (start <= text.size() && parts.size() < 3) {
    const std::size_t dot = text.find('.', start);
    try {
      parts.push_back(std::stoi(text.substr(start, dot - start)));
    } catch (const std::exception&) {
      parts.push_back(0);
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  parts.resize(3, 0);
  return parts;
}

std::string hostCompilerId() {
#if defined(__clang__)
  return "Clang";
#elif defined(__GNUC__)
  return "GNU";
#else
  return "unknown";
#endif
}

int hostCompilerMajor() {
#if defined(__clang__)
  return __clang_major__;
#elif defined(__GNUC__)
  return __GNUC__;
#else
  return 0;
#endif
}

}  // namespace

std::string PluginManifest::incompatibility() const {
  const auto host = versionParts(kHostVersion);
  if (host < versionParts(hostMinimum) || !(host < versionParts(hostBelow)))
    return "built for Aviary " + hostMinimum + " up to (not including) " + hostBelow +
           ", this host is " + kHostVersion + ": rebuild the plugin against this Aviary";
  // Host and plugins share C++ types (std::string, std::function): same compiler family and
  // major version, or their layouts may differ.
  if (compilerId != hostCompilerId() || versionParts(compilerVersion)[0] != hostCompilerMajor())
    return "built with " + compilerId + " " + compilerVersion + ", this host with " +
           hostCompilerId() + " " + std::to_string(hostCompilerMajor()) +
           ": rebuild the plugin with the host's compiler";
  return {};
}

}  // namespace aviary
