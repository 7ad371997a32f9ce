#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace aviary {

// The q-quantile (q in 0..1) of `values` by nearest rank: the smallest value with at least a
// share q of all values at or below it (p99 of 50 latencies is the largest). 0 when empty.
// One definition for every benchmark's and report's p50/p99.
inline double percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}  // namespace aviary
