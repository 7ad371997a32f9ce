#pragma once

#include <string>

namespace aviary {

// How a segment's limit follows from what the evidence proves:
// limit = value(base) * multiple * risk scale, capped by `cap` and the amount requested.
struct SegmentLimitPolicy {
  std::string base;         // e.g. "satellite.expected_value_cny"
  std::string baseMeaning;  // e.g. "the expected value of the crop"
  double multiple = 0;
  double cap = 0;
};

}  // namespace aviary
