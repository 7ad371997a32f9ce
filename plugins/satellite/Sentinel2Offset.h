#pragma once

class GDALDataset;

namespace aviary::satellite {

// Sentinel-2 L2A since processing baseline 04.00 stores 10000 x reflectance + 1000, so that
// slightly negative reflectances survive (ESA's BOA_ADD_OFFSET of -1000). Servers disagree on
// whether they removed it and on what their metadata says: Earth Search declares an offset of
// -0.1 in raster:bands, also on items whose values it had already corrected; Planetary Computer
// declares none and leaves it in. The data tells: with the offset, no clear ground is stored
// below 1000, while without it vegetation and water are (blue reflectance 0.02-0.08).
class Sentinel2Offset {
 public:
  static constexpr double kOffset = -0.1;  // reflectance, at a scale of 1e-4
  // Stored blue values below this are no ground with the offset (reflectance under -0.02)...
  static constexpr int kBelow = 800;
  // ... and a scene where this share of the valid ones is has none.
  static constexpr double kAbsentShare = 0.005;
  static constexpr int kMinValid = 1000;  // fewer valid values (cloud, no data): cannot tell

  // Whether the blue band shows the offset absent; false when it cannot tell (too few valid
  // values, a read error) or the values allow it. Reads the sample BandProbe reads.
  static bool absentIn(GDALDataset& blue);
};

}  // namespace aviary::satellite
