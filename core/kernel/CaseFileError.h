#pragma once

#include <stdexcept>
#include <string>

namespace aviary {

// A case file that cannot be decided as written; the message names the field and the fix.
class CaseFileError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace aviary
