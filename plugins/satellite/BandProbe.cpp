#include "BandProbe.h"

#include <gdal_priv.h>

#include <algorithm>

namespace aviary::satellite {

bool BandProbe::read(GDALDataset& dataset, std::vector<float>& values) {
  GDALRasterBand* band = dataset.GetRasterCount() > 0 ? dataset.GetRasterBand(1) : nullptr;
  if (!band) return false;
  int x0 = 0, y0 = 0, sourceWidth = dataset.GetRasterXSize(),
      sourceHeight = dataset.GetRasterYSize();
  if (band->GetOverviewCount() == 0) {
    x0 = std::max(0, (sourceWidth - kWindow) / 2);
    y0 = std::max(0, (sourceHeight - kWindow) / 2);
    sourceWidth = std::min(kWindow, sourceWidth);
    sourceHeight = std::min(kWindow, sourceHeight);
  }
  const int width = std::min(kSide, sourceWidth), height = std::min(kSide, sourceHeight);
  values.assign(static_cast<std::size_t>(width) * height, 0.0f);
  return band->RasterIO(GF_Read, x0, y0, sourceWidth, sourceHeight, values.data(), width, height,
                        GDT_Float32, 0, 0, nullptr) == CE_None;
}

}  // namespace aviary::satellite
