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
  // Pests the batch shared and RegionalFall took back from `hazards` as the region's weather.
  std::vector<HazardEvent> sharedFalls;
  // The longest in-season spell no clean look saw, when longer than SeasonJudge::kUnseenDays:
  // a flood, drought or pest then could pass unseen, so "no hazard" is not a finding there.
  int unseenFirstDay = 0, unseenLastDay = 0;
  std::string unseenStart, unseenEnd;
  bool seasonUnseen() const { return unseenLastDay > unseenFirstDay; }
  double expectedYieldKg = 0, expectedValueCny = 0;
};

}  // namespace aviary::satellite
