#pragma once

#include <cstdint>
#include <string>

namespace aviary {

// The rule set and model a case is decided with, fixed when it is submitted: the live
// releases then, or during an experiment the challenger's for the challenger arm. 0 means
// none was approved yet, and the shipped (or configured) files decide.
struct CaseReleases {
  std::int64_t rulesRelease = 0;
  std::int64_t modelRelease = 0;
  std::int64_t experimentId = 0;
  std::string arm;  // champion or challenger during an experiment, else empty
};

}  // namespace aviary
