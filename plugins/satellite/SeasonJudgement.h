#pragma once

#include <optional>
#include <string>
#include <vector>

#include "HazardEvent.h"

namespace aviary::satellite {

// How the parcel's season went against its crop's normal curve.
struct SeasonJudgement {
  double shiftDays = 0;                  // the planting shift that best aligns the normal curve
  std::vector<double> normalNdvi;        // the aligned normal curve, daily, day 1 at [0]
  std::vector<double> seasonYieldIndex;  // observed / normal, one per season
  double yieldIndex = 1;                 // value-weighted over seasons
  std::optional<std::string> condition;  // exceptional, favourable, watch, poor; none if fallow
  std::vector<HazardEvent> hazards;
  double expectedYieldKg = 0, expectedValueCny = 0;
};

}  // namespace aviary::satellite
