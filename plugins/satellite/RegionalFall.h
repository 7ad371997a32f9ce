#pragma once

#include <vector>

#include "ParcelResult.h"

namespace aviary::satellite {

// A pest, a disease or hail strikes a field, or a few fields side by side; it does not strike
// a tenth of a region on the same days. A fall that many parcels of the batch share, against
// each one's own crop curve, is the region's weather (a dry spell, an early frost that ends the
// season early) or the sensor's, and SeasonJudge, which sees one parcel, cannot tell it from a
// pest. This takes such pests back and says so in the parcel's warnings. A batch too small to
// show a region (one farmer's parcels) is left alone.
class RegionalFall {
 public:
  static constexpr int kSameDays = 5;  // falls ending this close share a look or its revisit
  // Share of the batch's judged parcels whose pest ends within kSameDays of this one's, its own
  // included. On the tuning seeds (second generator 201-203 at a hazard share of 0.3 and
  // 211-213 at 0.1, clean-room 21) no pest, true or false, was shared by more than 0.07.
  static constexpr double kShare = 0.1;
  static constexpr int kMinParcels = 50;  // judged parcels a batch needs to show a region

  // Moves the shared pests of `results` (errors left out) from each judgement's hazards to its
  // sharedFalls, with a warning that gives their dates; returns how many were moved.
  static int clear(std::vector<ParcelResult>& results);
  // Whether `clear` took a pest back from this parcel.
  static bool tookBack(const ParcelResult& result) { return !result.judgement.sharedFalls.empty(); }
};

}  // namespace aviary::satellite
