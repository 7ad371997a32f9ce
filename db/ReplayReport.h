#pragma once

#include <string>
#include <vector>

#include "Decision.h"

namespace aviary {

// The outcome of re-running a stored decision from its stored inputs.
struct ReplayReport {
  bool identical = false;
  Decision stored;
  Decision replayed;
  std::vector<std::string> differences;   // fields whose values differ
  std::vector<std::string> changedSince;  // model, rules or plugins that differ today
};

}  // namespace aviary
