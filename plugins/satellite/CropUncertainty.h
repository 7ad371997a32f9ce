#pragma once

#include <cmath>
#include <string>
#include <vector>

namespace aviary::satellite {

// Whether the crop model may be trusted on a parcel, and if not, why: a parcel unlike the
// ones it learned from, a season no crop of crops.csv explains, two crops it cannot tell
// apart, or too few clear looks. Such a parcel is reported as "uncertain" with these
// reasons and referred to an underwriter instead of getting a confident wrong crop.
class CropUncertainty {
 public:
  // Chosen on simulated tuning seeds (see satellite_crop_model.md), not on evaluation scenes.
  static constexpr int kUnfamiliarFeatures = 12;  // features beyond the training range
  // RMS NDVI error of the best normal curve; residuals are capped at 0.15, so this is a
  // season that no curve meets anywhere. A crop whose own training parcels reach it (tea and
  // citrus: evergreen, their level varies more than crops.csv's curve allows) has a higher
  // limit, the model's CropClassifier::curveErrorLimit.
  static constexpr double kNoCurveFits = 0.145;
  static constexpr double kMinProbability = 0.35;  // of the likeliest crop
  static constexpr int kMinClearObservations = 5;

  struct Inputs {
    std::vector<double> probabilities;
    int unfamiliarFeatures = 0;
    double bestCurveError = 0;     // NaN when no curve could be fitted
    double curveErrorLimit = NAN;  // the likeliest crop's, from its training parcels (NaN: none)
    int clearObservations = 0;
  };

  // The reasons, in a fixed order; empty when the crop can be trusted.
  static std::vector<std::string> flags(const Inputs& in);
  // What the underwriter should do, given the flags.
  static std::string referral(const std::vector<std::string>& flags);
};

}  // namespace aviary::satellite
