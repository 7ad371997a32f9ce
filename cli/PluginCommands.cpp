#include <algorithm>
#include <iostream>
#include <set>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "EvidenceJson.h"
#include "PluginLoader.h"

namespace aviary::cli {

PluginRegistry loadPluginsReportingRefusals() {
  PluginRegistry registry = PluginLoader::fromEnvironment().load();
  for (const auto& failure : registry.failures())
    std::cerr << "plugin refused: " << failure.file.string() << ": " << failure.reason
              << " ('aviary plugins list' shows every plugin and why)\n";
  return registry;
}

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
      if (record.source) {
        line["description"] = toJson(record.source->description());
        nlohmann::json commands = nlohmann::json::array();
        for (const auto& command : record.source->commands())
          commands.push_back({{"name", command.name}, {"summary", command.summary}});
        line["commands"] = commands;
      }
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
    if (!description.segments.empty()) {
      std::cout << "  serves:";
      for (const auto& segment : description.segments) std::cout << " " << segment;
      std::cout << "\n";
    }
    if (!record.source->commands().empty()) std::cout << "  commands:\n";
    for (const auto& command : record.source->commands())
      std::cout << "    aviary " << record.manifest.commandName() << " " << command.name << ": "
                << command.summary << "\n";
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

// `aviary <id> [command] [arguments]`: only that plugin is loaded, and it parses the rest.
int runSourceCommand(const std::string& id, const std::string& name,
                     const std::vector<std::string>& arguments) {
  const PluginRegistry registry =
      PluginLoader(PluginLoader::defaultSearchPath(), std::set<std::string>{id}).load();
  const auto source = registry.find(id);
  if (!source) {
    for (const auto& record : registry.records())
      if (record.manifest.id == id)
        throw CommandError("evidence source " + id + " cannot start: " + record.reason);
    throw CommandError("no evidence source " + id + " is installed: see 'aviary plugins list'");
  }
  const bool askingForHelp =
      arguments.empty() || arguments.front() == "--help" || arguments.front() == "-h";
  if (askingForHelp || source->commands().empty()) {
    std::cout << "aviary " << name << ": " << source->description().summary << "\n\n";
    if (source->commands().empty())
      std::cout << "This evidence source adds no commands.\n";
    else
      std::cout << "Commands (each takes --help):\n";
    for (const auto& command : source->commands())
      std::cout << "  aviary " << name << " " << command.name << "  " << command.summary << "\n";
    return askingForHelp ? 0 : 2;
  }
  const auto& known = source->commands();
  if (std::none_of(known.begin(), known.end(),
                   [&](const CommandDescription& command) { return command.name == arguments[0]; }))
    throw CommandError("evidence source " + id + " has no command '" + arguments[0] +
                           "': see 'aviary " + name + " --help'",
                       2);
  return source->runCommand(arguments[0], {arguments.begin() + 1, arguments.end()}, std::cout,
                            std::cerr);
}

}  // namespace

void addSourceCommands(CLI::App& app) {
  std::set<std::string> taken;
  for (const auto* command : app.get_subcommands({})) taken.insert(command->get_name());
  for (const auto& manifest : PluginLoader::fromEnvironment().manifests()) {
    const std::string name = manifest.commandName();
    if (!taken.insert(name).second) continue;
    CLI::App* command = app.add_subcommand(
        name, "Commands of the " + manifest.id + " evidence source (" +
                  (manifest.description.empty() ? "a plugin" : manifest.description) +
                  "); 'aviary " + name + " --help' lists them");
    // Everything after the id is the plugin's to parse, --help included.
    command->prefix_command();
    command->allow_extras();
    command->set_help_flag();
    const std::string id = manifest.id;
    command->callback([command, id, name] {
      const int code = runSourceCommand(id, name, command->remaining());
      if (code != 0) throw CommandExit(code);
    });
  }
}

void addInterviewCommand(CLI::App& app) {
  CLI::App* command = app.add_subcommand(
      "interview",
      "Interview a merchant for the materials that matter (the interview of the evidence source "
      "that holds one, e.g. 'aviary credential interview'; --help shows its options)");
  command->prefix_command();
  command->allow_extras();
  command->set_help_flag();
  command->callback([command] {
    const PluginRegistry registry = PluginLoader::fromEnvironment().load();
    for (const auto& record : registry.records()) {
      if (!record.source) continue;
      const auto& commands = record.source->commands();
      if (std::any_of(commands.begin(), commands.end(),
                      [](const CommandDescription& c) { return c.name == "interview"; })) {
        const int code =
            record.source->runCommand("interview", command->remaining(), std::cout, std::cerr);
        if (code != 0) throw CommandExit(code);
        return;
      }
    }
    throw CommandError("no loaded evidence source holds an interview: see 'aviary plugins list'");
  });
}

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
