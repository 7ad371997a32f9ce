#pragma once

#include <array>

#include "Observation.h"

namespace aviary::satellite {

// The vegetation and water indices of one parcel-mean reflectance (NaN if a band is missing).
struct SpectralIndices {
  double ndvi = NAN, evi = NAN, ndwi = NAN, mndwi = NAN, lswi = NAN, ndre = NAN;

  static SpectralIndices of(const std::array<double, 7>& r) {
    auto normalised = [](double a, double b) { return (a - b) / (a + b); };
    SpectralIndices s;
    s.ndvi = normalised(r[kB08], r[kB04]);
    s.evi = 2.5 * (r[kB08] - r[kB04]) / (r[kB08] + 6 * r[kB04] - 7.5 * r[kB02] + 1);
    s.ndwi = normalised(r[kB03], r[kB08]);
    s.mndwi = normalised(r[kB03], r[kB11]);
    s.lswi = normalised(r[kB08], r[kB11]);
    s.ndre = normalised(r[kB08], r[kB05]);
    return s;
  }
};

}  // namespace aviary::satellite
