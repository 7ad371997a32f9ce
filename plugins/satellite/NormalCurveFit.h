#pragma once

#include <memory>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "ParcelTimeSeries.h"

namespace aviary::satellite {

// How well each crop system's normal NDVI curve of crops.csv explains a parcel's clear
// observations, once shifted in time (regions plant up to a month earlier or later; the
// second crop of a double-cropping system moves on its own) and mapped by a gain and an
// offset (stress and peak height scale the season; soil, verges and haze lift or lower the
// whole curve): the agronomic reference as classifier features. Also the canopy's SWIR
// factor estimated by unmixing the clear, green observations with spectra.csv's end-members.
class NormalCurveFit {
 public:
  static constexpr int kMaxShift = 35;        // days, either way
  static constexpr int kMaxSecondShift = 15;  // the second season's own shift, either way
  static constexpr int kSecondShiftStep = 5;

  explicit NormalCurveFit(const CropCalendar& calendar);

  // One value per name of featureNames(), in that order.
  std::vector<float> features(const ParcelTimeSeries& series) const;
  std::vector<std::string> featureNames() const;

 private:
  // One candidate alignment of a system's normal curve: its daily values.
  struct Variant {
    int shift = 0, secondShift = 0;
    std::vector<float> curve;
  };
  // variants[system]: every shift (and second-season shift) of its normal curve.
  struct Curves {
    std::vector<std::vector<Variant>> variants;
  };
  // Built once for the shipped calendar and shared: an assessor is made per case.
  static std::shared_ptr<const Curves> curvesOf(const CropCalendar& calendar);

  const CropCalendar& calendar_;
  std::shared_ptr<const Curves> curves_;
};

}  // namespace aviary::satellite
