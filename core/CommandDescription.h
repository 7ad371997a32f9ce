#pragma once

#include <string>

namespace aviary {

// A command a plugin adds to the host's command line: `aviary <source id> <name> ...`.
struct CommandDescription {
  std::string name;     // e.g. "assess"
  std::string summary;  // one line for `aviary <source id> --help`
};

}  // namespace aviary
