#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aviary::credit {

// Calibration check: rows sorted by predicted PD into equal-count bins (deciles by default);
// in each, the mean predicted PD should match the observed bad rate.
class ReliabilityTable {
 public:
  struct Bin {
    std::size_t count = 0;
    double minPredicted = 0;
    double maxPredicted = 0;
    double meanPredicted = 0;
    double observedBadRate = 0;
  };

  static ReliabilityTable compute(const std::vector<int>& labels,
                                  const std::vector<double>& probabilities, std::size_t bins = 10);

  const std::vector<Bin>& bins() const { return bins_; }
  // Count-weighted mean |predicted - observed| over the bins.
  double expectedCalibrationError() const;
  std::string toMarkdown() const;
  nlohmann::json toJson() const;
  static ReliabilityTable fromJson(const nlohmann::json& json);

 private:
  std::vector<Bin> bins_;
};

}  // namespace aviary::credit
