#include "ProbabilityCalibrator.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aviary::credit {

double ProbabilityCalibrator::probability(double margin) const {
  return 1.0 / (1.0 + std::exp(-logOdds(margin)));
}

ProbabilityCalibrator ProbabilityCalibrator::fit(const std::vector<double>& margins,
                                                 const std::vector<int>& labels) {
  if (margins.size() != labels.size() || margins.empty())
    throw std::invalid_argument("calibration needs one label per margin");
  // Platt's smoothed targets keep the fit finite when the margins separate the classes.
  double bad = 0;
  for (int y : labels) bad += y;
  const double good = static_cast<double>(labels.size()) - bad;
  const double targetBad = (bad + 1) / (bad + 2), targetGood = 1 / (good + 2);

  // Newton's method on the mean log loss in (slope, intercept), with step halving.
  double a = 1, b = 0;
  auto loss = [&](double sa, double sb) {
    double total = 0;
    for (std::size_t i = 0; i < margins.size(); ++i) {
      const double z = sa * margins[i] + sb;
      const double t = labels[i] ? targetBad : targetGood;
      // log(1 + exp(z)) - t * z, computed without overflow
      total += (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) - t * z;
    }
    return total;
  };
  double current = loss(a, b);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double gA = 0, gB = 0, hAA = 0, hAB = 0, hBB = 0;
    for (std::size_t i = 0; i < margins.size(); ++i) {
      const double x = margins[i];
      const double p = 1.0 / (1.0 + std::exp(-(a * x + b)));
      const double r = p - (labels[i] ? targetBad : targetGood);
      const double w = std::max(p * (1 - p), 1e-12);
      gA += r * x;
      gB += r;
      hAA += w * x * x;
      hAB += w * x;
      hBB += w;
    }
    const double det = hAA * hBB - hAB * hAB;
    if (std::abs(det) < 1e-18) break;
    const double stepA = (hBB * gA - hAB * gB) / det, stepB = (hAA * gB - hAB * gA) / det;
    double scale = 1;
    double next = loss(a - stepA, b - stepB);
    while (next > current && scale > 1e-6) {
      scale /= 2;
      next = loss(a - scale * stepA, b - scale * stepB);
    }
    if (next > current) break;
    a -= scale * stepA;
    b -= scale * stepB;
    const bool converged = current - next < 1e-12 * std::max(1.0, current);
    current = next;
    if (converged) break;
  }
  return ProbabilityCalibrator(a, b);
}

nlohmann::json ProbabilityCalibrator::toJson() const {
  return {{"method", "platt"},
          {"slope", slope_},
          {"intercept", intercept_},
          {"input", "xgboost margin (log-odds)"}};
}

ProbabilityCalibrator ProbabilityCalibrator::fromJson(const nlohmann::json& json) {
  const std::string method = json.at("method").get<std::string>();
  if (method != "platt") throw std::invalid_argument("unknown calibration method '" + method + "'");
  return ProbabilityCalibrator(json.at("slope").get<double>(), json.at("intercept").get<double>());
}

}  // namespace aviary::credit
