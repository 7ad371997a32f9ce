#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace aviary::satellite {

// A batch's accuracy read off its own confidence: average thresholded confidence (Garg et al.,
// "Leveraging unlabeled data to predict out-of-distribution performance", ICLR 2022). Fitted on
// cross-fitted predictions, the threshold is the top probability above which as many rows lie
// as were right. In a batch without labels, the share of rows above it estimates the share the
// model gets right, and the temperature that brings the batch's mean top probability to that
// share calibrates the batch. Scenes unlike the training ones leave many parcels less sure at
// once; this reads how many, where one fixed temperature cannot.
class ConfidenceThreshold {
 public:
  static constexpr std::size_t kMinFitRows = 100;   // fewer cross-fitted rows: no threshold
  static constexpr std::size_t kMinBatchRows = 30;  // a smaller batch's share says too little

  ConfidenceThreshold() = default;
  explicit ConfidenceThreshold(double threshold) : threshold_(threshold) {}

  // From probability rows and their labels; empty rows (no prediction) are left out.
  static ConfidenceThreshold fit(const std::vector<std::vector<double>>& probabilities,
                                 const std::vector<int>& labels);
  bool fitted() const { return std::isfinite(threshold_); }
  double value() const { return threshold_; }
  // The share of the rows whose top probability is above the threshold.
  double estimatedAccuracy(const std::vector<std::vector<double>>& probabilities) const;
  // The temperature in [low, high] at which the mean top probability of the rows, calibrated
  // by CropClassifier::calibrate, is `accuracy` (the nearest end when none is).
  static double temperatureFor(const std::vector<std::vector<double>>& probabilities,
                               double accuracy, double low, double high);

 private:
  double threshold_ = NAN;
};

}  // namespace aviary::satellite
