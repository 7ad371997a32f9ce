#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "CommandDescription.h"

namespace aviary::satellite {

// `aviary satellite ...`: the source's own commands (formats.md: assess, train), and
// suggest-labels for a lender adapting the crop model to its region.
class SatelliteCommands {
 public:
  static std::vector<CommandDescription> list();
  static int run(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err);
};

}  // namespace aviary::satellite
