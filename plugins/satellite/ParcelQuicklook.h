#pragma once

#include <cstdint>
#include <vector>

#include "Parcel.h"
#include "ParcelResult.h"
#include "SceneStack.h"

namespace aviary::satellite {

// A PNG of the parcel from its clearest scene: true colour on the left, NDVI on the right,
// pixels outside the polygon transparent. Encoded by GDAL's PNG driver in /vsimem/.
class ParcelQuicklook {
 public:
  // Empty when the parcel has no clear scene.
  static std::vector<std::uint8_t> render(SceneStack& scenes, const Parcel& parcel,
                                          const ParcelResult& result);
};

}  // namespace aviary::satellite
