#include <iostream>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "ReservedCommand.h"
#include "SupplyChainSimulator.h"

namespace aviary::cli {
namespace {

struct SimulateOptions {
  std::string outDir;
  std::uint64_t seed = 1;
  int brands = 5;
  double scale = 1.0;
};

void simulate(const SimulateOptions& o) {
  if (o.brands < 1) throw CommandError("--brands must be at least 1");
  if (!(o.scale > 0)) throw CommandError("--scale must be positive (1.0 is ~300k payments)");
  supplychain::SupplyChainSimulator simulator({o.seed, o.brands, o.scale});
  try {
    const auto summary = simulator.write(o.outDir);
    std::cerr << "wrote " << summary.transactions << " transactions among " << summary.parties
              << " parties (" << summary.firms << " firms), " << summary.supplyRelations
              << " supply relations, " << summary.rings << " rings, " << summary.shells
              << " shells to " << o.outDir << "\n";
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
}

}  // namespace

void addSupplyChainCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("supplychain", "Rebuild trade networks from payments");
  group->require_subcommand(1);
  addReservedCommand(*group, "analyze", "Infer relations, roles, risks and limits from payments");

  auto simOptions = std::make_shared<SimulateOptions>();
  CLI::App* sim = group->add_subcommand("simulate", "Write simulated transactions, registry and truth");
  sim->add_option("OUT_DIR", simOptions->outDir, "Folder for the CSVs and truth.json")->required();
  sim->add_option("--seed", simOptions->seed, "Random seed");
  sim->add_option("--brands", simOptions->brands, "Number of brands");
  sim->add_option("--scale", simOptions->scale, "Size factor; 1.0 is ~300k transactions");
  sim->callback([simOptions] { simulate(*simOptions); });
}

}  // namespace aviary::cli
