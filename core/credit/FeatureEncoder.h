#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "CreditRow.h"

namespace aviary {
class CsvTable;
}

namespace aviary::credit {

// A cell that cannot be encoded (text in a numeric column); the message names the column.
class FeatureError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class ColumnKind { Numeric, Categorical };

struct EncodedColumn {
  std::string name;
  ColumnKind kind = ColumnKind::Numeric;
  std::vector<std::string> levels;  // categorical only, most frequent first
  std::size_t firstFeature = 0;     // index of its first XGBoost feature
  std::size_t featureCount = 1;     // numeric: 1; categorical: levels + the "other" bucket
};

// Turns rows of the original columns into XGBoost's float features, the same way for training
// and scoring. Numeric columns pass through; categorical ones are one-hot with an "other"
// bucket for levels too rare or never seen in training; missing cells become NaN.
class FeatureEncoder {
 public:
  static constexpr std::size_t kMinLevelCount = 5;
  static constexpr std::size_t kMaxLevels = 64;

  // Column kinds come from `kindSource` (every non-missing cell numeric => numeric); category
  // levels are counted on `rows` only, so a cross-validation fold never sees its test rows.
  static FeatureEncoder fit(const CsvTable& kindSource, const std::vector<std::size_t>& rows,
                            const std::vector<std::string>& excludedColumns);

  static bool isMissing(std::string_view cell);
  static std::optional<double> parseNumber(std::string_view cell);

  const std::vector<EncodedColumn>& columns() const { return columns_; }
  std::size_t featureCount() const { return featureCount_; }
  // One name per XGBoost feature, e.g. "Home=rent", "Home=(other)", "Income".
  std::vector<std::string> featureNames() const;
  // For each XGBoost feature, the index of the original column it came from.
  const std::vector<std::size_t>& featureColumn() const { return featureColumn_; }

  // Writes featureCount() floats. Unknown keys are ignored, absent keys are missing.
  void encode(const CreditRow& row, float* out) const;
  // Encodes one CSV row of `table` (columns matched by name, so any column order works).
  void encode(const CsvTable& table, std::size_t rowIndex, float* out) const;
  // The table's rows encoded row-major; columns missing from the table are missing values.
  std::vector<float> encodeAll(const CsvTable& table, const std::vector<std::size_t>& rows) const;

  nlohmann::json toJson() const;
  static FeatureEncoder fromJson(const nlohmann::json& json);

 private:
  void encodeText(std::size_t column, std::string_view cell, float* out) const;
  void encodeNumber(std::size_t column, double value, float* out) const;
  void encodeMissing(std::size_t column, float* out) const;
  void index();

  std::vector<EncodedColumn> columns_;
  std::vector<std::size_t> featureColumn_;
  std::vector<std::map<std::string, std::size_t, std::less<>>> levelIndex_;
  std::size_t featureCount_ = 0;
};

}  // namespace aviary::credit
