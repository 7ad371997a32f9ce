#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addSupplyChainCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("supplychain", "Rebuild trade networks from payments");
  group->require_subcommand(1);
  addReservedCommand(*group, "analyze", "Infer relations, roles, risks and limits from payments");
  addReservedCommand(*group, "simulate", "Write simulated transactions, registry and truth");
}

}  // namespace aviary::cli
