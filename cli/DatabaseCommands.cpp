#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addDatabaseCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("db", "Operate the database: migrations and the embedded cluster");
  group->require_subcommand(1);
  addReservedCommand(*group, "migrate", "Apply pending migrations");
}

}  // namespace aviary::cli
