#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ParcelTimeSeries.h"

namespace aviary::satellite {

// The normal NDVI curve of each crop system as one batch's region grows it, learnt from the
// batch itself. crops.csv gives one shape per crop; a region's varieties and climate give
// another (a peak earlier in the season, a lower floor), and a fall measured against the wrong
// shape is a false pest or a missed drought. Parcels of one crop system in one region share
// the shape, and most of them are unharmed on any one day: an upper quantile, day by day, of
// their smoothed curves (each first aligned in time on the group) is the region's normal.
// A crop the model confuses with another is grouped with its own kind all the same, so the
// curve follows the crop the fields really grow. Too small a group (a farmer's few parcels)
// gives no curve, and the judge falls back to crops.csv's.
class RegionPeerCurves {
 public:
  static constexpr int kMinParcels = 8;  // in a group, with a clear enough series
  static constexpr int kMinClear = 8;    // clear observations of a parcel counted in
  // A flood, drought or pest only takes NDVI away, and in a bad season most of a group's
  // fields suffer one: the normal is near the top of the group, not its median. Not the top
  // itself, which one field's lusher variety or the smoother's overshoot would set. Chosen
  // on the independent generator's tuning seeds 201-203 among 0.67, 0.8 and 0.9.
  static constexpr double kQuantile = 0.9;
  static constexpr int kMaxAlignDays = 15;  // a parcel's planting against its group's
  // HazardEvent::basis of a pest or drought only the peer curve showed: the region's own
  // fields, not crops.csv's curve, are its evidence, and the lender should know.
  static constexpr const char* kBasis = "peers";

  struct Group {
    std::vector<double> ndvi;  // daily, day 1 at [0]; empty when the group was too small
    int parcels = 0;           // parcels with a clear enough series
  };

  // `parcels`: each parcel's crop system (its code) and series; a null series is left out.
  static RegionPeerCurves build(
      const std::vector<std::pair<std::string, const ParcelTimeSeries*>>& parcels);
  // The peer curve of a crop system, or null when the batch had too few such parcels.
  const std::vector<double>* curve(const std::string& system) const;
  const std::map<std::string, Group>& groups() const { return groups_; }
  std::string describe() const;

 private:
  std::map<std::string, Group> groups_;
};

}  // namespace aviary::satellite
