#pragma once

#include <string>

namespace CLI {
class App;
}

namespace aviary::cli {

// Registers a command name from the contract in spec/formats.md whose implementation has not
// landed in this build: `--help` describes it, running it says so and exits 2.
CLI::App* addReservedCommand(CLI::App& parent, const std::string& name,
                             const std::string& description);

}  // namespace aviary::cli
