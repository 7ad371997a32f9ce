#pragma once

#include <ogr_spatialref.h>

#include <memory>

namespace aviary::satellite {

// The transformation of a CRS's coordinates to WGS 84 [lon, lat] (GIS order, as GeoJSON and
// our parcels are), for a parcels file's or a scene's CRS.
class LonLatTransform {
 public:
  struct Result {
    std::unique_ptr<OGRCoordinateTransformation> transform;  // null when none is needed or known
    bool needed = true;  // false: `source` is WGS 84 lon/lat already
  };
  static Result from(const OGRSpatialReference& source);
};

}  // namespace aviary::satellite
