#include "LonLatTransform.h"

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

}  // namespace aviary::satellite
