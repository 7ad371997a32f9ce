#pragma once

class OGRGeometry;

namespace aviary::satellite {

// A parcel's area by a method independent of GeodesicArea, for the simulator's truth and the
// tests' and benchmarks' checks: the planar area in a Lambert azimuthal equal-area projection
// centred on the polygon (equal-area on the WGS84 ellipsoid), after densifying edges to ~1 m.
class EqualAreaReference {
 public:
  // lonLat: a polygon or multipolygon in WGS84 longitude/latitude degrees.
  static double squareMetres(const OGRGeometry& lonLat);
};

}  // namespace aviary::satellite
