#pragma once

#include <map>
#include <string>

namespace aviary::satellite {

// One STAC item: a dated scene with its band assets. `error` says why it cannot be used.
struct SceneItem {
  std::string id;
  std::string file;      // the item JSON
  std::string datetime;  // as written
  std::string date;      // YYYY-MM-DD
  int year = 0;
  int dayOfYear = 0;
  int epsg = 0;                               // 0: take the CRS from the raster
  std::map<std::string, std::string> assets;  // band name -> path GDAL opens
  std::string error;
};

}  // namespace aviary::satellite
