#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "CommandDescription.h"

namespace aviary::supplychain {

// `aviary supplychain ...`: the source's own commands (formats.md: analyze).
class SupplyChainCommands {
 public:
  static std::vector<CommandDescription> list();
  static int run(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err);
};

}  // namespace aviary::supplychain
