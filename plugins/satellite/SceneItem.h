#pragma once

#include <map>
#include <string>

namespace aviary::satellite {

// One STAC item: a dated scene with its band assets. `error` says why it cannot be used.
struct SceneItem {
  // Reflectance = stored value * scale + offset (STAC raster:bands). The contract's default
  // is reflectance x 10000; Sentinel-2 L2A since processing baseline 04.00 adds 1000 on top,
  // which servers such as Earth Search declare as an offset of -0.1.
  struct BandScaling {
    double scale = 1e-4;
    double offset = 0;
  };

  std::string id;
  std::string file;      // the item JSON
  std::string datetime;  // as written
  std::string date;      // YYYY-MM-DD
  int year = 0;
  int dayOfYear = 0;
  int epsg = 0;                               // 0: take the CRS from the raster
  std::map<std::string, std::string> assets;  // band name (B02 ... SCL) -> path GDAL opens
  // Band name -> its band in the file, for an asset of several bands (1 first); absent: 1.
  std::map<std::string, int> bandInFile;
  std::string error;
  std::map<std::string, BandScaling> scaling;  // band name -> its scaling, when not the default
  // Sentinel-2's offset taken from the item's processing baseline (04.00 or later), which
  // declared no raster:bands (Planetary Computer's items).
  bool offsetFromBaseline = false;
};

}  // namespace aviary::satellite
