#include "SeasonSoFar.h"

#include <array>
#include <utility>

namespace aviary::satellite {

double SeasonSoFar::temperature(int asOfDay) {
  // Day of the year cut at, and the temperature fitted there (month ends of 2026).
  static constexpr std::array<std::pair<int, double>, 7> kFitted = {{{90, 3.48},
                                                                     {120, 2.96},
                                                                     {151, 2.03},
                                                                     {181, 1.25},
                                                                     {212, 1.12},
                                                                     {243, 1.06},
                                                                     {kWholeFrom, 1.0}}};
  if (asOfDay <= kFitted.front().first) return kFitted.front().second;
  for (std::size_t k = 1; k < kFitted.size(); ++k) {
    const auto [day, t] = kFitted[k];
    if (asOfDay > day) continue;
    const auto [before, tBefore] = kFitted[k - 1];
    return tBefore + (t - tBefore) * (asOfDay - before) / (day - before);
  }
  return 1.0;
}

}  // namespace aviary::satellite
