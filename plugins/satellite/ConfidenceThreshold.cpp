#include "ConfidenceThreshold.h"

#include <algorithm>

#include "CropClassifier.h"

namespace aviary::satellite {

namespace {

double topOf(const std::vector<double>& p) {
  return *std::max_element(p.begin(), p.end());
}

double meanTop(const std::vector<std::vector<double>>& probabilities, double temperature) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto& p : probabilities)
    if (!p.empty()) {
      sum += topOf(CropClassifier::calibrate(p, temperature));
      ++n;
    }
  return n ? sum / n : NAN;
}

}  // namespace

ConfidenceThreshold ConfidenceThreshold::fit(const std::vector<std::vector<double>>& probabilities,
                                             const std::vector<int>& labels) {
  std::vector<double> tops;
  std::size_t right = 0;
  for (std::size_t i = 0; i < probabilities.size() && i < labels.size(); ++i) {
    const auto& p = probabilities[i];
    if (p.empty()) continue;
    tops.push_back(topOf(p));
    right += std::max_element(p.begin(), p.end()) - p.begin() == labels[i];
  }
  if (tops.size() < kMinFitRows) return {};
  // As many rows above the threshold as were right: the (wrong share)-quantile of the tops.
  std::sort(tops.begin(), tops.end());
  const std::size_t wrong = tops.size() - right;
  return ConfidenceThreshold(tops[std::min(wrong, tops.size() - 1)]);
}

double ConfidenceThreshold::estimatedAccuracy(
    const std::vector<std::vector<double>>& probabilities) const {
  std::size_t above = 0, n = 0;
  for (const auto& p : probabilities)
    if (!p.empty()) {
      above += topOf(p) > threshold_;
      ++n;
    }
  return n ? static_cast<double>(above) / n : NAN;
}

double ConfidenceThreshold::temperatureFor(const std::vector<std::vector<double>>& probabilities,
                                           double accuracy, double low, double high) {
  // The mean top probability falls as the temperature rises: bisect on log T.
  if (!std::isfinite(accuracy) || meanTop(probabilities, low) <= accuracy) return low;
  if (meanTop(probabilities, high) >= accuracy) return high;
  double a = std::log(low), b = std::log(high);
  for (int step = 0; step < 40; ++step) {
    const double middle = 0.5 * (a + b);
    (meanTop(probabilities, std::exp(middle)) > accuracy ? a : b) = middle;
  }
  return std::exp(0.5 * (a + b));
}

}  // namespace aviary::satellite
