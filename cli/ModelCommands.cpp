#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addModelCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("model", "Train and evaluate the credit model");
  group->require_subcommand(1);
  addReservedCommand(*group, "train", "Train a credit model on any CSV with cross-validation");
  addReservedCommand(*group, "evaluate", "Evaluate a credit model on held-out rows");
}

}  // namespace aviary::cli
