#include "CropUncertainty.h"

#include <algorithm>
#include <cmath>

namespace aviary::satellite {

std::vector<std::string> CropUncertainty::flags(const Inputs& in) {
  std::vector<std::string> flags;
  if (in.unfamiliarFeatures >= kUnfamiliarFeatures) flags.emplace_back("unfamiliar_season");
  const double curveLimit =
      std::isfinite(in.curveErrorLimit) ? std::max(kNoCurveFits, in.curveErrorLimit) : kNoCurveFits;
  if (!(in.bestCurveError <= curveLimit)) flags.emplace_back("no_crop_curve_fits");
  const double top = in.probabilities.empty()
                         ? 0.0
                         : *std::max_element(in.probabilities.begin(), in.probabilities.end());
  if (top < kMinProbability) flags.emplace_back("crop_unclear");
  if (in.clearObservations < kMinClearObservations) flags.emplace_back("few_clear_observations");
  return flags;
}

std::string CropUncertainty::referral(const std::vector<std::string>& flags) {
  if (flags.empty()) return {};
  std::string why;
  for (const auto& f : flags) {
    if (!why.empty()) why += "; ";
    if (f == "unfamiliar_season")
      why += "its season is unlike any the crop model learned from";
    else if (f == "no_crop_curve_fits")
      why += "no crop calendar of crops.csv explains its season";
    else if (f == "crop_unclear")
      why += "the model cannot tell its likeliest crops apart";
    else if (f == "few_clear_observations")
      why += "too few clear scenes show it";
    else
      why += f;
  }
  return "refer to an underwriter: " + why +
         ". Check the crop in the field or on the farmer's photos; labelled parcels like this "
         "one teach a local model (aviary satellite suggest-labels, train --from)";
}

}  // namespace aviary::satellite
