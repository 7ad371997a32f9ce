#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "CommandDescription.h"

namespace aviary {

// `aviary credential ...`: read documents (formats.md) and interview a merchant.
class CredentialCommands {
 public:
  static std::vector<CommandDescription> list();
  static int run(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err);
};

}  // namespace aviary
