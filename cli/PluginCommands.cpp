#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "CommandGroups.h"
#include "EvidenceJson.h"
#include "PluginLoader.h"

namespace aviary::cli {
namespace {

void listPlugins(bool asJson) {
  const PluginRegistry registry = PluginLoader::fromEnvironment().load();
  if (asJson) {
    for (const auto& record : registry.records()) {
      nlohmann::json line = {{"id", record.manifest.id},
                             {"version", record.manifest.version},
                             {"abi", record.manifest.abiVersion},
                             {"state", toString(record.state)},
                             {"file", record.file.string()}};
      if (!record.reason.empty()) line["reason"] = record.reason;
      if (record.source) line["description"] = toJson(record.source->description());
      std::cout << line.dump() << "\n";
    }
    return;
  }
  std::size_t loaded = 0;
  for (const auto& record : registry.records()) {
    if (record.state != PluginState::Initialised) continue;
    ++loaded;
    const auto& description = record.source->description();
    std::cout << record.manifest.id << "  " << record.manifest.version << "  (ABI "
              << record.manifest.abiVersion << ")  " << description.summary << "\n";
    std::cout << "  needs:\n";
    for (const auto& input : description.inputs)
      std::cout << "    " << input.name << " (" << input.type
                << (input.required ? "" : ", optional") << "): " << input.meaning << "\n";
    std::cout << "  emits:\n";
    for (const auto& feature : description.features)
      std::cout << "    " << feature.name << " [" << toString(feature.type)
                << (feature.unit.empty() ? "" : ", " + feature.unit) << "]: " << feature.meaning
                << "\n";
  }
  for (const auto& record : registry.records())
    if (record.state == PluginState::Failed)
      std::cout << "refused " << record.file.string() << ": " << record.reason << "\n";
    else if (record.state == PluginState::Disabled)
      std::cout << "disabled " << record.manifest.id << ": " << record.reason << "\n";
  std::cout << loaded << " evidence source(s) loaded";
  if (loaded == 0)
    std::cout << "; set AVIARY_PLUGIN_PATH to the folder holding the *.plugin.json files";
  std::cout << "\n";
}

}  // namespace

void addPluginCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("plugins", "Evidence-source plugins");
  group->require_subcommand(1);
  auto* list = group->add_subcommand(
      "list", "Show each evidence source: version, ABI, what it needs and emits, and refusals");
  auto asJson = std::make_shared<bool>(false);
  list->add_flag("--json", *asJson, "One JSON object per plugin");
  list->callback([asJson] { listPlugins(*asJson); });
}

}  // namespace aviary::cli
