#include "ReferenceDistribution.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "CsvTable.h"
#include "FeatureEncoder.h"

namespace aviary::credit {
namespace {

// An empty bin would make the index infinite; this share stands in for "almost none".
constexpr double kEmptyShare = 1e-4;

std::vector<double> sharesOf(const std::vector<std::size_t>& counts, std::size_t total) {
  std::vector<double> shares(counts.size(), 0.0);
  if (total == 0) return shares;
  for (std::size_t i = 0; i < counts.size(); ++i)
    shares[i] = static_cast<double>(counts[i]) / static_cast<double>(total);
  return shares;
}

}  // namespace

ReferenceDistribution ReferenceDistribution::ofNumbers(std::string name,
                                                       const std::vector<double>& values,
                                                       int bins) {
  ReferenceDistribution reference;
  reference.name_ = std::move(name);
  reference.numeric_ = true;
  std::vector<double> present;
  for (double value : values)
    if (std::isfinite(value)) present.push_back(value);
  std::sort(present.begin(), present.end());
  for (int i = 1; i < bins && !present.empty(); ++i) {
    const double edge = present[static_cast<std::size_t>(i) * (present.size() - 1) /
                                static_cast<std::size_t>(bins)];
    // Ties (a column of mostly zeros) collapse bins rather than leave empty ones.
    if (reference.upperEdges_.empty() || edge > reference.upperEdges_.back())
      reference.upperEdges_.push_back(edge);
  }
  std::vector<std::size_t> counts(reference.upperEdges_.size() + 2, 0);
  for (double value : values) {
    if (!std::isfinite(value)) {
      ++counts.back();
      continue;
    }
    const auto bin =
        std::lower_bound(reference.upperEdges_.begin(), reference.upperEdges_.end(), value) -
        reference.upperEdges_.begin();
    ++counts[static_cast<std::size_t>(bin)];
  }
  reference.shares_ = sharesOf(counts, values.size());
  return reference;
}

ReferenceDistribution ReferenceDistribution::ofCategories(std::string name,
                                                          const std::vector<std::string>& values) {
  ReferenceDistribution reference;
  reference.name_ = std::move(name);
  reference.numeric_ = false;
  for (const auto& value : values)
    if (!value.empty() && std::find(reference.levels_.begin(), reference.levels_.end(), value) ==
                              reference.levels_.end())
      reference.levels_.push_back(value);
  std::sort(reference.levels_.begin(), reference.levels_.end());
  std::vector<std::size_t> counts(reference.levels_.size() + 2, 0);
  for (const auto& value : values) {
    if (value.empty()) {
      ++counts.back();
      continue;
    }
    const auto level = std::lower_bound(reference.levels_.begin(), reference.levels_.end(), value);
    ++counts[static_cast<std::size_t>(level - reference.levels_.begin())];
  }
  reference.shares_ = sharesOf(counts, values.size());
  return reference;
}

nlohmann::json ReferenceDistribution::forTable(const CsvTable& table, const FeatureEncoder& encoder,
                                               const std::vector<std::size_t>& rows,
                                               const std::vector<double>& scores,
                                               const std::string& basis) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& column : encoder.columns()) {
    const int index = table.columnIndex(column.name);
    const auto cellOf = [&](std::size_t row) {
      return index < 0 ? std::string() : table.row(row)[static_cast<std::size_t>(index)];
    };
    if (column.kind == ColumnKind::Numeric) {
      std::vector<double> values;
      for (std::size_t r : rows)
        values.push_back(FeatureEncoder::parseNumber(cellOf(r)).value_or(std::nan("")));
      columns.push_back(ofNumbers(column.name, values).toJson());
    } else {
      std::vector<std::string> values;
      for (std::size_t r : rows) {
        const std::string cell = cellOf(r);
        values.push_back(FeatureEncoder::isMissing(cell) ? std::string() : cell);
      }
      columns.push_back(ofCategories(column.name, values).toJson());
    }
  }
  return {{"basis", basis}, {"columns", columns}, {"score", ofNumbers("pd", scores).toJson()}};
}

double ReferenceDistribution::stabilityIndex(const std::vector<double>& values) const {
  if (!numeric_)
    throw std::invalid_argument(name_ +
                                " is a category in the model's training data, not a number");
  std::vector<std::size_t> counts(shares_.size(), 0);
  for (double value : values) {
    if (!std::isfinite(value)) {
      ++counts.back();
      continue;
    }
    const auto bin =
        std::lower_bound(upperEdges_.begin(), upperEdges_.end(), value) - upperEdges_.begin();
    ++counts[static_cast<std::size_t>(bin)];
  }
  return stabilityIndexOf(sharesOf(counts, values.size()));
}

double ReferenceDistribution::stabilityIndex(const std::vector<std::string>& values) const {
  if (numeric_)
    throw std::invalid_argument(name_ +
                                " is a number in the model's training data, not a category");
  std::vector<std::size_t> counts(shares_.size(), 0);
  for (const auto& value : values) {
    if (value.empty()) {
      ++counts.back();
      continue;
    }
    const auto level = std::lower_bound(levels_.begin(), levels_.end(), value);
    const bool known = level != levels_.end() && *level == value;
    ++counts[known ? static_cast<std::size_t>(level - levels_.begin()) : levels_.size()];
  }
  return stabilityIndexOf(sharesOf(counts, values.size()));
}

double ReferenceDistribution::stabilityIndexOf(const std::vector<double>& actualShares) const {
  double index = 0;
  for (std::size_t i = 0; i < shares_.size(); ++i) {
    const double expected = std::max(shares_[i], kEmptyShare);
    const double actual = std::max(actualShares[i], kEmptyShare);
    if (shares_[i] == 0 && actualShares[i] == 0) continue;
    index += (actual - expected) * std::log(actual / expected);
  }
  return index;
}

nlohmann::json ReferenceDistribution::toJson() const {
  nlohmann::json json = {
      {"name", name_}, {"type", numeric_ ? "numeric" : "categorical"}, {"shares", shares_}};
  if (numeric_)
    json["upper_edges"] = upperEdges_;
  else
    json["levels"] = levels_;
  return json;
}

ReferenceDistribution ReferenceDistribution::fromJson(const nlohmann::json& json) {
  ReferenceDistribution reference;
  try {
    reference.name_ = json.at("name").get<std::string>();
    reference.numeric_ = json.at("type").get<std::string>() == "numeric";
    reference.shares_ = json.at("shares").get<std::vector<double>>();
    if (reference.numeric_)
      reference.upperEdges_ = json.at("upper_edges").get<std::vector<double>>();
    else
      reference.levels_ = json.at("levels").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument(std::string("a reference distribution is malformed: ") +
                                error.what());
  }
  const std::size_t bins =
      (reference.numeric_ ? reference.upperEdges_.size() : reference.levels_.size()) + 2;
  if (reference.shares_.size() != bins)
    throw std::invalid_argument("the reference distribution of " + reference.name_ + " has " +
                                std::to_string(reference.shares_.size()) + " shares for " +
                                std::to_string(bins) + " bins");
  return reference;
}

}  // namespace aviary::credit
