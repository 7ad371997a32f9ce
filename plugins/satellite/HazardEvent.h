#pragma once

#include <string>

namespace aviary::satellite {

// A flood, drought or pest event on a parcel, with its dates (YYYY-MM-DD) as seen.
struct HazardEvent {
  std::string type;  // flood, drought, pest
  int startDay = 0, endDay = 0;
  std::string start, end;
  double severity = 0;  // 0..1
  // Empty: the parcel's own season showed it. "regional": a shortfall it shares with its
  // neighbours against their crops elsewhere in the batch (RegionalDrought).
  std::string basis;
};

}  // namespace aviary::satellite
