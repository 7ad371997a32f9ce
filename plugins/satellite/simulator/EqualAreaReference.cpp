#include "EqualAreaReference.h"

#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <memory>
#include <sstream>

namespace aviary::satellite {

double EqualAreaReference::squareMetres(const OGRGeometry& lonLat) {
  OGREnvelope e;
  lonLat.getEnvelope(&e);
  OGRSpatialReference wgs84, laea;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::ostringstream proj;
  proj.precision(12);
  proj << "+proj=laea +ellps=WGS84 +lat_0=" << (e.MinY + e.MaxY) / 2
       << " +lon_0=" << (e.MinX + e.MaxX) / 2;
  laea.importFromProj4(proj.str().c_str());
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &laea));
  std::unique_ptr<OGRGeometry> g(lonLat.clone());
  g->segmentize(0.00001);  // ~1 m edges, so the projection's curvature is followed
  g->transform(ct.get());
  return OGR_G_Area(OGRGeometry::ToHandle(g.get()));
}

}  // namespace aviary::satellite
