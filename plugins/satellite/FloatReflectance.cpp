#include "FloatReflectance.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "BandProbe.h"
#include "VirtualRaster.h"

namespace aviary::satellite {

bool FloatReflectance::isFloat(GDALDataset& dataset) {
  if (dataset.GetRasterCount() < 1) return false;
  const GDALDataType type = dataset.GetRasterBand(1)->GetRasterDataType();
  return type == GDT_Float32 || type == GDT_Float64;
}

double FloatReflectance::undeclaredFactor(GDALDataset& dataset) {
  std::vector<float> values;
  if (!BandProbe::read(dataset, values)) return 1;
  std::vector<float> valid;
  for (float v : values)
    if (std::isfinite(v) && v > 0) valid.push_back(v);
  if (valid.empty()) return 1;
  auto middle = valid.begin() + static_cast<long>(valid.size() / 2);
  std::nth_element(valid.begin(), middle, valid.end());
  return *middle < kFractionLimit ? 10000 : 1;
}

GDALDatasetUniquePtr FloatReflectance::asStored(GDALDataset& dataset, double factor) {
  // -scale maps 0..1 onto 0..factor linearly and beyond it alike; UInt16 clamps the rest.
  return VirtualRaster::translated(dataset, {"-ot", "UInt16", "-scale", "0", "1", "0",
                                             std::to_string(factor), "-a_nodata", "0"});
}

}  // namespace aviary::satellite
