#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aviary {
class CsvTable;
}

namespace aviary::credit {

class FeatureEncoder;

// How one model input (or the score) was distributed in the model's training data: decile
// bins for numbers, shares of levels for categories, and the share missing. Kept in the model
// file, so drift can be measured later without the training data.
class ReferenceDistribution {
 public:
  static constexpr double kShift = 0.10;       // population stability index: a shift worth a look
  static constexpr double kMajorShift = 0.25;  // a shift that needs action

  // NaN is missing.
  static ReferenceDistribution ofNumbers(std::string name, const std::vector<double>& values,
                                         int bins = 10);
  // An empty string is missing.
  static ReferenceDistribution ofCategories(std::string name,
                                            const std::vector<std::string>& values);

  // Every input column of `encoder` over `rows` of `table`, and `scores` (PDs), as the JSON
  // a model keeps in training_report.reference_distribution; `basis` says where they came from.
  static nlohmann::json forTable(const CsvTable& table, const FeatureEncoder& encoder,
                                 const std::vector<std::size_t>& rows,
                                 const std::vector<double>& scores, const std::string& basis);

  const std::string& name() const { return name_; }
  bool numeric() const { return numeric_; }

  // Population stability index of `values` against this reference: sum over the bins (and
  // the missing share) of (actual - expected) * ln(actual / expected), empty bins smoothed.
  double stabilityIndex(const std::vector<double>& values) const;
  double stabilityIndex(const std::vector<std::string>& values) const;

  nlohmann::json toJson() const;
  // Throws std::invalid_argument naming what is wrong.
  static ReferenceDistribution fromJson(const nlohmann::json& json);

 private:
  double stabilityIndexOf(const std::vector<double>& actualShares) const;

  std::string name_;
  bool numeric_ = true;
  std::vector<double>
      upperEdges_;  // numeric: bin i holds values <= upperEdges_[i]; one more bin above
  std::vector<std::string> levels_;  // categorical: one bin per level, one more for the rest
  std::vector<double> shares_;       // per bin, then the missing share last
};

}  // namespace aviary::credit
