#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addCredentialCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("credential", "Read business documents from photos");
  group->require_subcommand(1);
  addReservedCommand(*group, "read", "Read photos of documents: kind, fields, checks");
  addReservedCommand(*group, "simulate", "Render synthetic credential photos with truth");
}

}  // namespace aviary::cli
