#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace aviary::satellite {

// A region plants earlier or later than crops.csv, and all its parcels together. Each
// parcel's best normal-curve fit (NormalCurveFit) says how far its season sits from
// crops.csv; over a batch of parcels from one region the median of these shifts is the
// region's calendar, while one parcel alone cannot tell a shifted region from a crop that
// grows later. The region features give each system's fitted shift and the parcel's
// phenology dates against the region's calendar, so that crops 5-15 days apart in crops.csv
// stay apart in a region that plants a month late. With too few well-fitted parcels the
// estimate is unsure and the features are missing (the model was trained with such rows).
class RegionCalendar {
 public:
  // Chosen on simulated training regions, not on evaluation scenes.
  static constexpr int kMinParcels = 20;            // well-fitted planted parcels
  static constexpr double kMaxStandardError = 3.0;  // days, of the median shift
  static constexpr double kWellFitted = 0.06;       // fit_best_error (RMS NDVI)
  static constexpr double kPlantedAmplitude = 0.2;  // NDVI rise of a planted season

  struct Estimate {
    double shift = NAN;          // days later than crops.csv (negative: earlier)
    double standardError = NAN;  // days
    int parcels = 0;             // parcels the estimate rests on
    bool sure() const {
      return std::isfinite(shift) && parcels >= kMinParcels && standardError <= kMaxStandardError;
    }
    // The shift when sure: what the season judge aligns on.
    std::optional<double> sureShift() const {
      return sure() ? std::optional<double>(shift) : std::nullopt;
    }
    std::string describe() const;
  };

  // `rows`: per-parcel features named `names` (ParcelAssessor's, without the region ones).
  static Estimate estimate(const std::vector<const std::vector<float>*>& rows,
                           const std::vector<std::string>& names);
  static std::vector<std::string> featureNames(const std::vector<std::string>& names);
  // One value per featureNames(); NaN (missing) throughout when the estimate is unsure.
  static std::vector<float> features(const std::vector<float>& row,
                                     const std::vector<std::string>& names, const Estimate& e);
};

}  // namespace aviary::satellite
