#include "Sentinel2Offset.h"

#include <gdal_priv.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace aviary::satellite {

Sentinel2Offset::Evidence Sentinel2Offset::inBlue(GDALDataset& blue, double& shareBelow) {
  shareBelow = 0;
  GDALRasterBand* band = blue.GetRasterCount() > 0 ? blue.GetRasterBand(1) : nullptr;
  if (!band) return Evidence::Unknown;
  const int width = std::min(512, blue.GetRasterXSize()),
            height = std::min(512, blue.GetRasterYSize());
  std::vector<std::uint16_t> values(static_cast<std::size_t>(width) * height);
  if (band->RasterIO(GF_Read, 0, 0, blue.GetRasterXSize(), blue.GetRasterYSize(), values.data(),
                     width, height, GDT_UInt16, 0, 0, nullptr) != CE_None)
    return Evidence::Unknown;
  long valid = 0, below = 0;
  for (std::uint16_t v : values) {
    if (v == 0) continue;  // no data
    ++valid;
    below += v < kBelow;
  }
  if (valid < kMinValid) return Evidence::Unknown;
  shareBelow = static_cast<double>(below) / valid;
  return shareBelow >= kAbsentShare ? Evidence::Absent : Evidence::NotAbsent;
}

}  // namespace aviary::satellite
