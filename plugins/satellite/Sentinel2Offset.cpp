#include "Sentinel2Offset.h"

#include <gdal_priv.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace aviary::satellite {

bool Sentinel2Offset::absentIn(GDALDataset& blue) {
  GDALRasterBand* band = blue.GetRasterCount() > 0 ? blue.GetRasterBand(1) : nullptr;
  if (!band) return false;
  // The whole band through its overviews; without overviews, a window of kProbe x kProbe at
  // full resolution from its middle, so that a plain 10980 x 10980 tile is not read whole.
  constexpr int kProbe = 1024;
  int x0 = 0, y0 = 0, sourceWidth = blue.GetRasterXSize(), sourceHeight = blue.GetRasterYSize();
  if (band->GetOverviewCount() == 0) {
    x0 = std::max(0, (sourceWidth - kProbe) / 2);
    y0 = std::max(0, (sourceHeight - kProbe) / 2);
    sourceWidth = std::min(kProbe, sourceWidth);
    sourceHeight = std::min(kProbe, sourceHeight);
  }
  const int width = std::min(512, sourceWidth), height = std::min(512, sourceHeight);
  std::vector<std::uint16_t> values(static_cast<std::size_t>(width) * height);
  if (band->RasterIO(GF_Read, x0, y0, sourceWidth, sourceHeight, values.data(), width, height,
                     GDT_UInt16, 0, 0, nullptr) != CE_None)
    return false;
  long valid = 0, below = 0;
  for (std::uint16_t v : values) {
    if (v == 0) continue;  // no data
    ++valid;
    below += v < kBelow;
  }
  return valid >= kMinValid && static_cast<double>(below) / valid >= kAbsentShare;
}

}  // namespace aviary::satellite
