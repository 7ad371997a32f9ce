#pragma once

#include <string>

namespace aviary {

// How long one stage of an assessment took.
struct StageTiming {
  std::string stage;
  double milliseconds = 0.0;
};

}  // namespace aviary
