#include "LonLatTransform.h"

#include <stdexcept>

namespace aviary::satellite {

LonLatTransform::Result LonLatTransform::from(const OGRSpatialReference& source) {
  OGRSpatialReference from(source), wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  Result result;
  if (from.IsSame(&wgs84)) {
    result.needed = false;
    return result;
  }
  result.transform.reset(OGRCreateCoordinateTransformation(&from, &wgs84));
  return result;
}

std::unique_ptr<OGRCoordinateTransformation> LonLatTransform::forParcels(
    const OGRSpatialReference& source, const std::string& what) {
  Result result = from(source);
  if (result.needed && !result.transform)
    throw std::runtime_error(what +
                             " cannot be transformed to WGS 84; export the parcels in WGS 84 "
                             "(EPSG:4326)");
  return std::move(result.transform);
}

}  // namespace aviary::satellite
