#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aviary::satellite {

// Where a parcel's levels stand among the other parcels of its batch. Soil, haze, a sensor's
// gain and a region's weather lift or lower every parcel's peak, floor and canopy ratios
// together; a crop's place among its neighbours moves less (in one region millet peaks below
// sorghum even where both peak below crops.csv). Each level's percentile rank over the
// batch, 0 to 1; missing when fewer than kMinParcels parcels have the level. A batch of few
// crops ranks them differently from a mixed one, so training ranks each region over random
// subsets of its crops too (rankWithin).
class BatchRanks {
 public:
  static constexpr std::size_t kMinParcels = 20;

  // "batch_rank_<level>", one per level.
  static std::vector<std::string> featureNames();
  // Each row's ranks, in the order of featureNames(); `names` names the rows' features.
  static std::vector<std::vector<float>> ranks(const std::vector<const std::vector<float>*>& rows,
                                               const std::vector<std::string>& names);
  // Rewrites the rank features of `rows` (named `names`, ranks at featureNames()' names) as
  // if each catalog (`groups`) had been assessed as several batches of a few of its crops
  // (`labels`), for about 3 in 10 catalogs, chosen by `seed`.
  static void rankWithin(std::vector<std::vector<float>>& rows, const std::vector<int>& groups,
                         const std::vector<int>& labels, const std::vector<std::string>& names,
                         std::uint64_t seed);
};

}  // namespace aviary::satellite
