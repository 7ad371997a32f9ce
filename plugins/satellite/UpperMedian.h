#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace aviary::satellite {

// The middle value of a sample, the upper of the two middle ones for an even count (no
// averaging, so it is always one of the values); NaN for an empty sample.
template <typename T>
double upperMedian(std::vector<T> values) {
  if (values.empty()) return NAN;
  const auto middle = values.begin() + static_cast<long>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace aviary::satellite
