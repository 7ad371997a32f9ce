#pragma once

#include <vector>

namespace aviary::satellite {

// Weighted Whittaker smoother (Eilers 2003) with second differences: minimises
// sum w (y - z)^2 + lambda * sum (d2 z)^2 by a banded Cholesky solve, O(n).
// Days without an observation have weight 0, so the smoother also fills gaps.
class WhittakerSmoother {
 public:
  explicit WhittakerSmoother(double lambda) : lambda_(lambda) {}
  std::vector<double> smooth(const std::vector<double>& values,
                             const std::vector<double>& weights) const;

 private:
  double lambda_;
};

}  // namespace aviary::satellite
