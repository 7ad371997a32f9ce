#pragma once

#include <array>

#include "CropCalendar.h"
#include "Observation.h"

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
  static double openWater(const Fractions& fractions);
  // The reflectance with the cloud end-member's share taken out and the rest scaled back up:
  // thin cloud and haze the scene's mask missed pull NDVI down by 0.2-0.3 on a green canopy.
  // `cloudShare` gets the share removed (0 when the mixture holds no cloud).
  std::array<double, 7> withoutCloud(const std::array<double, 7>& reflectance,
                                     double& cloudShare) const;
  // The same with the reflectance's fractions already unmixed.
  std::array<double, 7> withoutCloud(const std::array<double, 7>& reflectance,
                                     const Fractions& fractions, double& cloudShare) const;
  // Fmask's snow test (Zhu and Woodcock 2012) on a mean reflectance, brighter in green: snow
  // is as dark as water in SWIR, so MNDWI rises above 0 on it too, but it is bright in green
  // and NIR.
  static bool snowLike(const std::array<double, 7>& reflectance);
  // Reads one look as the sensor saw it: its open-water share, unknown under snow, and its
  // snow flag; then its reflectance with the cloud the mask missed taken out.
  void readLook(Observation& look) const;

 private:
  std::array<std::array<double, 7>, 4> members_;  // soil, vegetation, water, cloud
};

}  // namespace aviary::satellite
