#pragma once

#include <string>

#include "Observation.h"

namespace aviary::satellite::testing {

// A clear observation with the given NDVI over a canopy/soil-like MNDWI (about -0.48).
inline Observation observation(int day, double ndvi) {
  Observation o;
  o.itemId = "day" + std::to_string(day);
  o.date = "2026-day" + std::to_string(day);
  o.year = 2026;
  o.dayOfYear = day;
  o.coveredFraction = o.clearFraction = 1;
  const double red = 0.05;
  o.reflectance = {0.03, 0.07, red, 0.1, red * (1 + ndvi) / (1 - ndvi), 0.2, 0.12};
  return o;
}

}  // namespace aviary::satellite::testing
