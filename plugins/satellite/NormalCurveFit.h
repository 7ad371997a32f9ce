#pragma once

#include <memory>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "ParcelTimeSeries.h"

namespace aviary::satellite {

// How well each crop system's normal NDVI curve of crops.csv explains a parcel's clear
// observations, once shifted in time (planting dates vary) and scaled in amplitude (stress):
// the agronomic reference as classifier features. Also the canopy's SWIR factor estimated by
// unmixing the clear, green observations with spectra.csv's end-members.
class NormalCurveFit {
 public:
  static constexpr int kMaxShift = 20;  // days, either way

  explicit NormalCurveFit(const CropCalendar& calendar);

  // One value per name of featureNames(), in that order.
  std::vector<float> features(const ParcelTimeSeries& series) const;
  std::vector<std::string> featureNames() const;

 private:
  // normal[system][shift + kMaxShift][day - 1] and the season's base on that day.
  struct Curves {
    std::vector<std::vector<std::vector<float>>> normal, base;
  };
  // Built once for the shipped calendar (~20 ms) and shared: an assessor is made per case.
  static std::shared_ptr<const Curves> curvesOf(const CropCalendar& calendar);

  const CropCalendar& calendar_;
  std::shared_ptr<const Curves> curves_;
};

}  // namespace aviary::satellite
