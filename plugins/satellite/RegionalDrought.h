#pragma once

#include <vector>

#include "CropCalendar.h"
#include "ParcelResult.h"

namespace aviary::satellite {

// A drought is a regional event: a rain deficit parches a stretch of country, not one field.
// SeasonJudge measures a season against its crop's normal and calls a drought only when it
// falls well short (peak and integral under 0.72 of it), so a mild drought that takes a fifth
// of the yield goes unnamed. Within a batch it shows as a shortfall shared by neighbours: a
// parcel whose season index stands kShortfall below its crop's median in the batch, while its
// kNeighbours nearest parcels (any crop) stand kNeighbourShortfall below their own crops'
// medians on average, gets a drought, if its season is also poor against crops.csv's normal
// (index under SeasonJudge::kWatch): a lush crop's shortfall against a lusher median is no
// drought. Fields that are merely poorer are scattered and their neighbours' mean stays near
// zero. A parcel with a hazard of its own keeps it. A batch too small to have neighbours or
// crop medians (one farmer's parcels) is left alone.
class RegionalDrought {
 public:
  static constexpr double kShortfall = 0.15;  // season index below the crop's batch median
  // ... and the neighbours' mean below their crops' medians. Chosen on the tuning seeds
  // (clean-room A, B, C 21; second generator 201-203) among 0.15-0.25 for either.
  static constexpr double kNeighbourShortfall = 0.2;
  static constexpr int kNeighbours = 8;
  static constexpr int kMinCropParcels = 5;  // parcels of a crop for its median
  // A mild shortfall is named only on a plot the satellite saw mostly as itself
  // (ParcelTimeSeries::ownSignalShare). A small plot's looks mix in the ground around it,
  // which takes the season's index down by itself, and the small plots nearby share that:
  // on our second generator, unharmed plots whose looks were 0.7 their own read 0.68 of the
  // unharmed pure plots' index. Chosen on the tuning seeds (clean-room 21; second generator
  // 201-203, and 211-213 at a hazard share of 0.1) among 0.5-0.9.
  static constexpr double kMinOwnSignal = 0.7;
  static constexpr const char* kBasis = "regional";  // HazardEvent::basis of its droughts

  // Adds the droughts to the judgements of `results` (errors and fallow left out); returns
  // how many parcels got one.
  static int find(std::vector<ParcelResult>& results, const CropCalendar& calendar, int year);
};

}  // namespace aviary::satellite
