#pragma once

#include <string>
#include <vector>

#include "Parcel.h"
#include "ParcelResult.h"
#include "SceneItem.h"

namespace aviary::satellite {

// When no parcel lies inside any scene, the per-parcel errors cannot say why. This says where
// the parcels lie and where the catalog's scenes lie (read off one item's raster), and whether
// the parcels would fit with lon and lat swapped: the usual causes are a register of another
// place, or coordinates written [lat, lon].
class ParcelsOutsideScenes {
 public:
  // Empty unless every parcel that was read is outside every scene.
  static std::string describe(const std::vector<Parcel>& parcels,
                              const std::vector<ParcelResult>& results,
                              const std::vector<SceneItem>& items);
  // The error ParcelAssessor gives such a parcel.
  static std::string errorFor(const std::string& parcelId);
};

}  // namespace aviary::satellite
