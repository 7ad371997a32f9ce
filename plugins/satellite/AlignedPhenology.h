#pragma once

#include <string>
#include <vector>

#include "ParcelTimeSeries.h"

namespace aviary::satellite {

// Classifier features that do not move when a region plants a month earlier or later: the
// season's shape read on the crop's own clock, day 0 being its own green-up. Peak, floor
// and stubble levels, season length, rise and fall times, the normalised curve every 10 days
// from 40 days before green-up, a second season's lag and size, and the water and canopy
// signals around the green-up (rice is flooded just before it). Soil and haze move the
// levels, not the shape: the shape is given both raw and normalised by the season's range.
class AlignedPhenology {
 public:
  static std::vector<float> features(const ParcelTimeSeries& series);
  static std::vector<std::string> featureNames();
};

}  // namespace aviary::satellite
