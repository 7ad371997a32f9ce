#pragma once

#include <array>

#include "CropCalendar.h"

namespace aviary::satellite {

// Splits a parcel-mean reflectance into spectra.csv's end-members (soil, vegetation, water,
// cloud) by non-negative least squares. The fractions need not sum to one: shadow darkens
// the whole mixture, and must not pass for dark open water.
class SurfaceUnmixing {
 public:
  struct Fractions {
    double soil = 0, vegetation = 0, water = 0, cloud = 0;
    double residual = 0;  // root-mean-square over the bands, in reflectance
  };

  explicit SurfaceUnmixing(const Endmembers& endmembers);

  // NaN bands are left out; with fewer than five bands every fraction is NaN.
  Fractions unmix(const std::array<double, 7>& reflectance) const;
  // The share of the ground (cloud left out) that is open water; NaN if unknown or if cloud
  // the mask missed covers too much of the mixture to tell.
  double openWater(const std::array<double, 7>& reflectance) const;

 private:
  std::array<std::array<double, 7>, 4> members_;  // soil, vegetation, water, cloud
};

}  // namespace aviary::satellite
