#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace aviary::credit {

// Platt scaling on the booster's log-odds margin: PD = 1 / (1 + exp(-(slope * margin +
// intercept))). Monotone, so it keeps the ranking (AUC, KS) and the SHAP reasons; fitted on
// out-of-fold margins so it corrects the booster's over- or under-confidence on unseen rows.
class ProbabilityCalibrator {
 public:
  ProbabilityCalibrator() = default;
  ProbabilityCalibrator(double slope, double intercept) : slope_(slope), intercept_(intercept) {}

  static ProbabilityCalibrator fit(const std::vector<double>& margins,
                                   const std::vector<int>& labels);

  double slope() const { return slope_; }
  double intercept() const { return intercept_; }
  double logOdds(double margin) const { return slope_ * margin + intercept_; }
  double probability(double margin) const;

  nlohmann::json toJson() const;
  static ProbabilityCalibrator fromJson(const nlohmann::json& json);

 private:
  double slope_ = 1;
  double intercept_ = 0;
};

}  // namespace aviary::credit
