#include "PluginLoader.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>

#include "EvidenceSource.h"
#include "HostConfiguration.h"
#include "ModuleLibrary.h"
#include "ResourceLocator.h"

namespace aviary {
namespace fs = std::filesystem;

namespace {

const ModuleContract kPluginContract{
    kAbiSymbol, kEvidenceAbiVersion, kFactorySymbol, "AVIARY_DECLARE_EVIDENCE_SOURCE",
    "ABI",      "this host",         "plugin",       "an Aviary plugin"};

std::vector<fs::path> findManifests(const std::vector<fs::path>& searchPath) {
  std::vector<fs::path> manifests;
  for (const auto& folder : searchPath) {
    std::error_code error;
    if (!fs::is_directory(folder, error)) continue;
    std::vector<fs::path> here;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
      const auto name = entry.path().filename().string();
      if (name.size() > 12 && name.ends_with(".plugin.json")) here.push_back(entry.path());
    }
    std::sort(here.begin(), here.end());  // deterministic: first on the path wins
    manifests.insert(manifests.end(), here.begin(), here.end());
  }
  return manifests;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

void fail(PluginRecord& record, const fs::path& file, std::string reason) {
  record.state = PluginState::Failed;
  record.file = file;
  record.reason = std::move(reason);
}

// Opens the library and creates the source; on any refusal marks the record failed.
void loadLibrary(PluginRecord& record, std::shared_ptr<PluginHostContext> host) {
  const fs::path libraryPath = record.manifest.libraryPath();
  if (!fs::exists(libraryPath)) {
    fail(record, libraryPath,
         "library not found (manifest " + record.manifest.manifestPath.filename().string() +
             " names \"" + record.manifest.library + "\"): rebuild or reinstall the plugin");
    return;
  }
  const ModuleLibrary module = ModuleLibrary::open(libraryPath, kPluginContract);
  if (!module.isOpen()) {
    fail(record, libraryPath, module.refusal());
    return;
  }
  record.state = PluginState::Loaded;
  std::string why;
  EvidenceSource* raw = module.create<EvidenceSource>(why);
  if (raw == nullptr) {
    fail(record, libraryPath, why);
    return;
  }
  auto library = module.library();
  // The deleter holds the library, so it outlives every object it created.
  std::shared_ptr<EvidenceSource> source(raw, [library](EvidenceSource* s) { delete s; });
  try {
    if (source->id() != record.manifest.id) {
      fail(record, libraryPath,
           "the library says its id is '" + source->id() + "' but its manifest says '" +
               record.manifest.id + "': rebuild so they agree");
      return;
    }
    record.source = std::make_shared<GuardedEvidenceSource>(source, std::move(host));
  } catch (const std::exception& error) {
    fail(record, libraryPath, std::string("starting the source failed: ") + error.what());
    return;
  } catch (...) {
    fail(record, libraryPath, "starting the source failed with an unknown error");
    return;
  }
  record.state = PluginState::Initialised;
}

}  // namespace

PluginLoader::PluginLoader(std::vector<fs::path> searchPath,
                           std::optional<std::set<std::string>> allowedIds)
    : searchPath_(std::move(searchPath)), allowedIds_(std::move(allowedIds)) {}

std::vector<fs::path> PluginLoader::defaultSearchPath() {
  std::vector<fs::path> path;
  if (const char* fromEnvironment = std::getenv(kPathVariable))
    for (const auto& folder : split(fromEnvironment, ':')) path.emplace_back(folder);
  std::error_code error;
  const fs::path prefix = ResourceLocator::programDirectory().parent_path();
  path.push_back(prefix / AVIARY_PLUGIN_RELATIVE_DIR);
  path.push_back(prefix / "plugins");  // build tree: build/bin/..
  std::vector<fs::path> unique;
  for (const auto& folder : path) {
    const auto normal = fs::weakly_canonical(folder, error);
    if (std::find(unique.begin(), unique.end(), normal) == unique.end()) unique.push_back(normal);
  }
  return unique;
}

std::optional<std::set<std::string>> PluginLoader::allowedIdsFromEnvironment() {
  const char* value = std::getenv(kAllowVariable);
  if (value == nullptr || std::string(value).empty()) return std::nullopt;
  const auto ids = split(value, ',');
  return std::set<std::string>(ids.begin(), ids.end());
}

std::vector<PluginManifest> PluginLoader::manifests() const {
  std::vector<PluginManifest> found;
  std::set<std::string> ids;
  for (const auto& path : findManifests(searchPath_)) {
    try {
      PluginManifest manifest = PluginManifest::read(path);
      if (allowedIds_ && !allowedIds_->contains(manifest.id)) continue;
      if (ids.insert(manifest.id).second) found.push_back(std::move(manifest));
    } catch (const std::exception&) {
      // A broken manifest is reported by load(); it has no migrations to offer.
    }
  }
  return found;
}

void PluginLoader::logToStderr(LogLevel level, const std::string& message) {
  static const bool debug = [] {
    const char* value = std::getenv("AVIARY_LOG");
    return value != nullptr && std::string(value) == "debug";
  }();
  if (level == LogLevel::Debug || level == LogLevel::Info) {
    if (debug) std::cerr << "aviary: " << message << "\n";
    return;
  }
  std::cerr << "aviary: " << (level == LogLevel::Error ? "error: " : "warning: ") << message
            << "\n";
}

PluginLoader PluginLoader::fromEnvironment() {
  PluginLoader loader(defaultSearchPath(), allowedIdsFromEnvironment());
  try {
    loader.setConfiguration(HostConfiguration::load());
  } catch (const std::exception& error) {
    logToStderr(LogLevel::Warning, std::string(error.what()) + "; plugins start without it");
  }
  return loader;
}

PluginRegistry PluginLoader::load() const {
  PluginRegistry registry;
  std::map<std::string, fs::path> claimedIds;
  for (const auto& manifestPath : findManifests(searchPath_)) {
    PluginRecord record;
    record.file = manifestPath;
    try {
      record.manifest = PluginManifest::read(manifestPath);
    } catch (const std::exception& error) {
      record.manifest.manifestPath = manifestPath;
      fail(record, manifestPath, error.what());
      registry.add(std::move(record));
      continue;
    }
    record.state = PluginState::Read;
    if (allowedIds_ && !allowedIds_->contains(record.manifest.id)) {
      record.state = PluginState::Disabled;
      record.reason = std::string("not listed in ") + kAllowVariable;
      registry.add(std::move(record));
      continue;
    }
    if (record.manifest.abiVersion != kEvidenceAbiVersion) {
      fail(record, manifestPath,
           "built for ABI " + std::to_string(record.manifest.abiVersion) + ", this host is ABI " +
               std::to_string(kEvidenceAbiVersion) + ": rebuild the plugin against this Aviary");
      registry.add(std::move(record));
      continue;
    }
    if (auto claimed = claimedIds.find(record.manifest.id); claimed != claimedIds.end()) {
      fail(record, manifestPath,
           "duplicate id '" + record.manifest.id + "': already provided by " +
               claimed->second.string() + "; remove one of them from the plugin path");
      registry.add(std::move(record));
      continue;
    }
    if (const std::string why = record.manifest.incompatibility(); !why.empty()) {
      fail(record, manifestPath, why);
      registry.add(std::move(record));
      continue;
    }
    claimedIds.emplace(record.manifest.id, manifestPath);
    record.state = PluginState::Resolved;
    loadLibrary(record, std::make_shared<PluginHostContext>(
                            record.manifest.id, record.manifest.resourceDirectory(),
                            HostConfiguration::pluginSection(configuration_, record.manifest.id),
                            WorkerPool::shared(), logSink_));
    registry.add(std::move(record));
  }
  return registry;
}

}  // namespace aviary
