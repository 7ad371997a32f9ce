#pragma once

#include <ogr_spatialref.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

namespace aviary::satellite {

// The parcels of a vector file that is no GeoJSON (a Shapefile, GeoPackage, FlatGeobuf, KML:
// whatever GDAL reads), as GeoJSON features, so that they pass the same checks as a GeoJSON
// file's. Lenders' registers and QGIS keep parcels in these formats.
// - The file's one polygon layer is read; several make it ask which one.
// - Geometries stay in the layer's coordinates (curves made linear, Z dropped); `toWgs84`
//   transforms them to WGS 84 lon/lat, and is null when they are lon/lat already or the layer
//   names no CRS (a Shapefile without its .prj: read as lon/lat, as GeoJSON is).
// - Fields named like the contract's properties in any case, or cut to Shapefile's 10
//   characters ("declared_s"), are given the contract's names.
// Throws std::runtime_error, saying what to do, when the file cannot be read.
class VectorParcelLayer {
 public:
  static VectorParcelLayer read(const std::filesystem::path& file);

  nlohmann::json features = nlohmann::json::array();
  std::unique_ptr<OGRCoordinateTransformation> toWgs84;
};

}  // namespace aviary::satellite
