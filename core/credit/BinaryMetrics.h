#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

namespace aviary::credit {

// How well scores separate bad (label 1) from good (label 0) rows.
struct BinaryMetrics {
  std::size_t count = 0;
  std::size_t bad = 0;
  double auc = 0;      // area under the ROC curve, ties counted half
  double ks = 0;       // Kolmogorov-Smirnov: largest gap between the bad and good score CDFs
  double gini = 0;     // 2 * AUC - 1
  double logLoss = 0;  // only meaningful when scores are probabilities
  double brier = 0;    // idem

  // Scores: higher means more likely bad. Needs at least one bad and one good row.
  static BinaryMetrics compute(const std::vector<int>& labels, const std::vector<double>& scores);
  nlohmann::json toJson() const;
};

}  // namespace aviary::credit
