#include "GeodesicArea.h"

#include <geodesic.h>
#include <ogr_geometry.h>

#include <cmath>
#include <vector>

namespace aviary::satellite {
namespace {

double ringArea(const geod_geodesic& geod, const OGRLinearRing& ring) {
  const int n = ring.getNumPoints();
  if (n < 3) return 0;
  std::vector<double> lats(n), lons(n);
  for (int i = 0; i < n; ++i) {
    lons[i] = ring.getX(i);
    lats[i] = ring.getY(i);
  }
  // geod_polygonarea closes the ring itself; the repeated closing vertex adds a zero edge.
  double area = 0, perimeter = 0;
  geod_polygonarea(&geod, lats.data(), lons.data(), n, &area, &perimeter);
  return std::fabs(area);
}

double polygonArea(const geod_geodesic& geod, const OGRPolygon& polygon) {
  if (polygon.IsEmpty()) return 0;
  double area = ringArea(geod, *polygon.getExteriorRing());
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i)
    area -= ringArea(geod, *polygon.getInteriorRing(i));
  return area;
}

}  // namespace

double GeodesicArea::squareMetres(const OGRGeometry& lonLat) {
  geod_geodesic geod;
  geod_init(&geod, 6378137.0, 1.0 / 298.257223563);
  switch (wkbFlatten(lonLat.getGeometryType())) {
    case wkbPolygon:
      return polygonArea(geod, *lonLat.toPolygon());
    case wkbMultiPolygon: {
      double area = 0;
      for (const OGRPolygon* p : *lonLat.toMultiPolygon()) area += polygonArea(geod, *p);
      return area;
    }
    case wkbGeometryCollection: {
      double area = 0;
      for (const OGRGeometry* g : *lonLat.toGeometryCollection()) area += squareMetres(*g);
      return area;
    }
    default:
      return 0;
  }
}

}  // namespace aviary::satellite
