#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ogr_geometry.h>

namespace aviary::satellite {

// A farmer's parcel from the GeoJSON, with its geodesic area. `error` is set when the parcel
// cannot be assessed; it says what is wrong and how to fix it.
struct Parcel {
  std::string id;
  std::string ownerId;
  std::string declaredSystem;
  std::optional<double> declaredAreaMu;
  std::string system;                         // the label of a training parcel
  std::shared_ptr<const OGRGeometry> lonLat;  // Polygon or MultiPolygon, x = longitude
  double areaM2 = 0;
  std::string error;
  std::vector<std::string> warnings;
};

}  // namespace aviary::satellite
