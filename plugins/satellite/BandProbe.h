#pragma once

#include <vector>

class GDALDataset;

namespace aviary::satellite {

// A cheap sample of a raster's first band, for telling how a scene stores its values without
// reading a whole tile.
class BandProbe {
 public:
  // The whole band through its overviews (a cloud-optimised GeoTIFF); without overviews, a
  // window of kWindow x kWindow at full resolution from its middle, so that a plain
  // 10980 x 10980 tile is not read whole. At most kSide x kSide values, as stored (no data
  // included); false when the band cannot be read.
  static bool read(GDALDataset& dataset, std::vector<float>& values);

  static constexpr int kWindow = 1024, kSide = 512;
};

}  // namespace aviary::satellite
