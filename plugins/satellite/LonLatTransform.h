#pragma once

#include <ogr_spatialref.h>

#include <memory>
#include <string>

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
  // The parcels' transformation: null when they are lon/lat already; throws
  // std::runtime_error ("<what> cannot be transformed to WGS 84; export ...") when PROJ has none.
  static std::unique_ptr<OGRCoordinateTransformation> forParcels(const OGRSpatialReference& source,
                                                                 const std::string& what);
};

}  // namespace aviary::satellite
