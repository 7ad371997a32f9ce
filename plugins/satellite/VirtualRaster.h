#pragma once

#include <gdal_priv.h>

#include <string>
#include <vector>

namespace aviary::satellite {

// gdal_translate into an in-memory VRT: a band picked from a multi-band file, values scaled, or
// a grid resampled, read on demand from its source. The source must outlive the VRT.
class VirtualRaster {
 public:
  // `options` as gdal_translate's command line takes them ("-b", "2", ...); "-of VRT" is added.
  // Null when GDAL refuses them.
  static GDALDatasetUniquePtr translated(GDALDataset& source,
                                         const std::vector<std::string>& options);
};

}  // namespace aviary::satellite
