#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addCaseCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("case", "Submit, decide, show and replay cases");
  group->require_subcommand(1);
  addReservedCommand(*group, "submit", "Submit a case file");
  addReservedCommand(*group, "decide", "Collect evidence and decide a case");
  addReservedCommand(*group, "show", "Show a case and its decision");
  addReservedCommand(*group, "replay", "Reproduce a stored decision");
}

}  // namespace aviary::cli
