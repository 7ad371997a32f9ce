#pragma once

#include "CropSystem.h"
#include "ParcelTimeSeries.h"
#include "SeasonJudgement.h"

namespace aviary::satellite {

// Grades a parcel's season against the normal curve of its crop system (condition, yield,
// value) and finds flood, drought and pest events as crops.md defines them.
class SeasonJudge {
 public:
  // Thresholds on the yield index (observed / normal NDVI integral above the base).
  static constexpr double kExceptional = 1.05, kFavourable = 0.98, kWatch = 0.95;
  static constexpr double kDroughtRatio = 0.72;  // peak and integral both below this share
  static constexpr double kPestDrop = 0.15;      // NDVI fall beyond the normal's, in ~10 days
  // A normal field's observed/normal ratio is below 1 (residual haze, mixed edges); measured
  // as the median over unstressed fields of simulated seed 8 (not a training or test seed).
  static constexpr double kClearSkyBias = 0.93;

  static SeasonJudgement judge(const ParcelTimeSeries& series, const CropSystem& system,
                               double areaMu, int year, int asOfDay = 365);
  static std::string conditionOf(double yieldIndex);
};

}  // namespace aviary::satellite
