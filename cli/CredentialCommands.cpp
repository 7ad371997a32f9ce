#include <iostream>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "CredentialSimulator.h"
#include "ReservedCommand.h"

namespace aviary::cli {

namespace {

void addSimulateCommand(CLI::App& group) {
  auto* command = group.add_subcommand("simulate", "Render synthetic credential photos with truth");
  auto options = std::make_shared<CredentialSimulator::Options>();
  auto directory = std::make_shared<std::string>();
  auto reshoot = std::make_shared<double>(0.2);
  command->add_option("OUT_DIR", *directory, "Directory for the photos and truth files")
      ->required();
  command->add_option("--seed", options->seed, "Random seed (same seed, same photos)");
  command->add_option("--n", options->count, "Number of photos")->check(CLI::Range(1, 100000));
  command->add_option("--reshoot-share", *reshoot, "Share of photos that must be re-shot")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--kinds", options->kinds, "Only these kinds (codes)");
  command->callback([options, directory, reshoot] {
    options->reshootShare = *reshoot;
    try {
      const int count = CredentialSimulator().write(*options, *directory);
      std::cerr << "wrote " << count << " photos and truth.jsonl to " << *directory << "\n";
    } catch (const std::exception& error) {
      throw CommandError(error.what());
    }
  });
}

}  // namespace

void addCredentialCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("credential", "Read business documents from photos");
  group->require_subcommand(1);
  addReservedCommand(*group, "read", "Read photos of documents: kind, fields, checks");
  addSimulateCommand(*group);
}

}  // namespace aviary::cli
