#pragma once

#include <gdal_priv.h>

namespace aviary::satellite {

// Reflectance stored as floating point, as Sentinel Hub, openEO and Earth Engine exports write
// it. The readers read stored values as UInt16 (the contract's 10000 x reflectance, 0 = no
// data), which would make reflectances of 0..1 zeros, so such a band is read through a VRT
// that stores it as the contract does.
class FloatReflectance {
 public:
  // Stored values below this (median of a band's valid ones) are reflectance itself: 10000 x
  // reflectance is at least tens for any clear ground, and reflectance is at most about 1.5
  // (bright cloud).
  static constexpr double kFractionLimit = 5;

  static bool isFloat(GDALDataset& dataset);
  // The factor from a stored value to 10000 x reflectance of a band that declares no scaling:
  // 10000 when its values read as reflectance, 1 when they are 10000 x reflectance already
  // (or when it holds no valid value to tell by).
  static double undeclaredFactor(GDALDataset& dataset);
  // `dataset` as UInt16 values of stored value x `factor` (NaN, negatives: 0, no data); null
  // when GDAL cannot.
  static GDALDatasetUniquePtr asStored(GDALDataset& dataset, double factor);
};

}  // namespace aviary::satellite
