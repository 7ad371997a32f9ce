#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addOperationCommands(CLI::App& app) {
  addReservedCommand(app, "worker", "Decide queued applications from the database");
  addReservedCommand(app, "demo", "Generate a demo portfolio and run it through the pipeline");
  addReservedCommand(app, "interview", "Interview a merchant for the materials that matter");
}

}  // namespace aviary::cli
