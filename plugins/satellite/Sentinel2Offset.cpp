#include "Sentinel2Offset.h"

#include <vector>

#include "BandProbe.h"

namespace aviary::satellite {

bool Sentinel2Offset::absentIn(GDALDataset& blue) {
  std::vector<float> values;
  if (!BandProbe::read(blue, values)) return false;
  long valid = 0, below = 0;
  for (float v : values) {
    if (!(v > 0)) continue;  // no data
    ++valid;
    below += v < kBelow;
  }
  return valid >= kMinValid && static_cast<double>(below) / valid >= kAbsentShare;
}

}  // namespace aviary::satellite
