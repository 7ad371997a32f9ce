#pragma once

class OGRGeometry;

namespace aviary::satellite {

// Area on the WGS 84 ellipsoid with PROJ's geodesic routines (Karney 2013).
class GeodesicArea {
 public:
  static constexpr double kSquareMetresPerMu = 10000.0 / 15.0;

  // `lonLat` is a Polygon or MultiPolygon in degrees (x = longitude); holes are subtracted.
  static double squareMetres(const OGRGeometry& lonLat);
  static double mu(double squareMetres) { return squareMetres / kSquareMetresPerMu; }
};

}  // namespace aviary::satellite
