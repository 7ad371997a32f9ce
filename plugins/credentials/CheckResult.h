#pragma once

#include <string>

namespace aviary {

// The outcome of one check on a document (or across documents), as `aviary credential read`
// prints it: name, passed, and a detail that says what is wrong.
struct CheckResult {
  std::string name;
  bool passed = true;
  std::string detail;
  // Not passed because a value it needs could not be read: no sign the document is wrong,
  // so it is not counted as a failed check.
  bool unverified = false;
};

}  // namespace aviary
