#include "ReservedCommand.h"

#include <CLI/CLI.hpp>

#include "CommandError.h"

namespace aviary::cli {

CLI::App* addReservedCommand(CLI::App& parent, const std::string& name,
                             const std::string& description) {
  CLI::App* command = parent.add_subcommand(name, description + " (not in this build yet)");
  command->allow_extras();
  const std::string path = parent.get_name() + " " + name;
  command->callback([path] {
    throw CommandError("'" + path + "' is not available in this build yet; update Aviary", 2);
  });
  return command;
}

}  // namespace aviary::cli
