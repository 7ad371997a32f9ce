#include "TypologyFinding.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace aviary::supplychain {

double typologyThreshold(std::vector<double> real, std::vector<double> null, double alpha,
                         double floor) {
  std::sort(real.begin(), real.end(), std::greater<>());
  std::sort(null.begin(), null.end(), std::greater<>());
  // Beating the best chance finding by ln 19: two equal searches' maxima differ by that
  // much one time in twenty.
  const double nullBest = null.empty() ? -std::numeric_limits<double>::infinity() : null.front();
  double threshold = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < real.size() && real[i] >= floor; ++i) {
    const double s = real[i];
    const auto realAbove = static_cast<double>(
        std::upper_bound(real.begin(), real.end(), s, std::greater<>()) - real.begin());
    const auto nullAbove = static_cast<double>(
        std::upper_bound(null.begin(), null.end(), s, std::greater<>()) - null.begin());
    // The null's count plus one: a single null copy says little about its tail.
    if (nullAbove + 1 <= alpha * realAbove || s >= nullBest + std::log(19.0)) threshold = s;
  }
  return threshold;
}

double benjaminiHochbergThreshold(std::vector<double> scores, std::size_t tested, double q) {
  std::sort(scores.begin(), scores.end(), std::greater<>());
  double threshold = std::numeric_limits<double>::infinity();
  const double m = static_cast<double>(std::max<std::size_t>(tested, scores.size()));
  for (std::size_t k = 0; k < scores.size(); ++k)  // p_(k+1) <= (k+1) q / m
    if (-scores[k] <= std::log(static_cast<double>(k + 1) * q / m)) threshold = scores[k];
  return threshold;
}

}  // namespace aviary::supplychain
