#include "FeatureEncoder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "CsvTable.h"

namespace aviary::credit {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
const char* const kOtherLevel = "(other)";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// How a number given as a double reads as a category level ("3", not "3.000000").
std::string numberAsLevel(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

bool FeatureEncoder::isMissing(std::string_view cell) {
  cell = trim(cell);
  return cell.empty() || cell == "NA" || cell == "N/A" || cell == "NaN" || cell == "nan" ||
         cell == "NULL" || cell == "null";
}

std::optional<double> FeatureEncoder::parseNumber(std::string_view cell) {
  cell = trim(cell);
  if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
  double value = 0;
  const auto result = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (result.ec != std::errc() || result.ptr != cell.data() + cell.size() || cell.empty())
    return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

FeatureEncoder FeatureEncoder::fit(const CsvTable& kindSource, const std::vector<std::size_t>& rows,
                                   const std::vector<std::string>& excludedColumns) {
  FeatureEncoder encoder;
  const auto& header = kindSource.header();
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (std::find(excludedColumns.begin(), excludedColumns.end(), header[c]) !=
        excludedColumns.end())
      continue;
    EncodedColumn column;
    column.name = header[c];
    bool numeric = true;
    for (std::size_t r = 0; r < kindSource.rowCount() && numeric; ++r) {
      const std::string& cell = kindSource.row(r)[c];
      if (!isMissing(cell) && !parseNumber(cell)) numeric = false;
    }
    if (numeric) {
      column.kind = ColumnKind::Numeric;
    } else {
      column.kind = ColumnKind::Categorical;
      std::unordered_map<std::string, std::size_t> counts;
      for (std::size_t r : rows) {
        const std::string& cell = kindSource.row(r)[c];
        if (!isMissing(cell)) ++counts[std::string(trim(cell))];
      }
      std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
      // Most frequent first, ties by name, so the layout does not depend on hashing.
      std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
      for (const auto& [level, count] : sorted)
        if (count >= kMinLevelCount && column.levels.size() < kMaxLevels)
          column.levels.push_back(level);
    }
    encoder.columns_.push_back(std::move(column));
  }
  encoder.index();
  return encoder;
}

void FeatureEncoder::index() {
  featureCount_ = 0;
  featureColumn_.clear();
  levelIndex_.assign(columns_.size(), {});
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    EncodedColumn& column = columns_[c];
    column.firstFeature = featureCount_;
    column.featureCount =
        column.kind == ColumnKind::Numeric ? 1 : column.levels.size() + 1;  // + "(other)"
    for (std::size_t l = 0; l < column.levels.size(); ++l) levelIndex_[c][column.levels[l]] = l;
    featureCount_ += column.featureCount;
    featureColumn_.insert(featureColumn_.end(), column.featureCount, c);
  }
}

std::vector<std::string> FeatureEncoder::featureNames() const {
  std::vector<std::string> names;
  names.reserve(featureCount_);
  for (const auto& column : columns_) {
    if (column.kind == ColumnKind::Numeric) {
      names.push_back(column.name);
      continue;
    }
    for (const auto& level : column.levels) names.push_back(column.name + "=" + level);
    names.push_back(column.name + "=" + kOtherLevel);
  }
  return names;
}

void FeatureEncoder::encodeMissing(std::size_t column, float* out) const {
  const EncodedColumn& c = columns_[column];
  std::fill(out + c.firstFeature, out + c.firstFeature + c.featureCount, kMissing);
}

void FeatureEncoder::encodeNumber(std::size_t column, double value, float* out) const {
  const EncodedColumn& c = columns_[column];
  if (c.kind == ColumnKind::Categorical) {
    encodeText(column, numberAsLevel(value), out);
    return;
  }
  out[c.firstFeature] = std::isfinite(value) ? static_cast<float>(value) : kMissing;
}

void FeatureEncoder::encodeText(std::size_t column, std::string_view cell, float* out) const {
  if (isMissing(cell)) {
    encodeMissing(column, out);
    return;
  }
  const EncodedColumn& c = columns_[column];
  if (c.kind == ColumnKind::Numeric) {
    const auto value = parseNumber(cell);
    if (!value)
      throw FeatureError("column " + c.name + " expects a number, got '" + std::string(cell) +
                         "'; write a plain number or leave the cell empty for missing");
    out[c.firstFeature] = static_cast<float>(*value);
    return;
  }
  std::fill(out + c.firstFeature, out + c.firstFeature + c.featureCount, 0.0f);
  const auto& levels = levelIndex_[column];
  const auto found = levels.find(trim(cell));
  // Unseen and rare levels share the "(other)" bucket, the last feature of the column.
  const std::size_t slot = found == levels.end() ? c.levels.size() : found->second;
  out[c.firstFeature + slot] = 1.0f;
}

void FeatureEncoder::encode(const CreditRow& row, float* out) const {
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const auto found = row.find(columns_[c].name);
    if (found == row.end()) {
      encodeMissing(c, out);
    } else if (const auto* number = std::get_if<double>(&found->second)) {
      encodeNumber(c, *number, out);
    } else if (const auto* text = std::get_if<std::string>(&found->second)) {
      encodeText(c, *text, out);
    } else {
      encodeMissing(c, out);
    }
  }
}

void FeatureEncoder::encode(const CsvTable& table, std::size_t rowIndex, float* out) const {
  const auto& cells = table.row(rowIndex);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    const int source = table.columnIndex(columns_[c].name);
    if (source < 0)
      encodeMissing(c, out);
    else
      encodeText(c, cells[static_cast<std::size_t>(source)], out);
  }
}

std::vector<float> FeatureEncoder::encodeAll(const CsvTable& table,
                                             const std::vector<std::size_t>& rows) const {
  std::vector<float> matrix(rows.size() * featureCount_);
  for (std::size_t i = 0; i < rows.size(); ++i) encode(table, rows[i], &matrix[i * featureCount_]);
  return matrix;
}

nlohmann::json FeatureEncoder::toJson() const {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& column : columns_) {
    nlohmann::json entry{{"name", column.name},
                         {"type", column.kind == ColumnKind::Numeric ? "numeric" : "categorical"}};
    if (column.kind == ColumnKind::Categorical) {
      entry["levels"] = column.levels;
      entry["unseen_level"] = kOtherLevel;
    }
    columns.push_back(std::move(entry));
  }
  return {{"columns", columns},
          {"missing",
           {{"cells", {"", "NA", "N/A", "NaN", "nan", "NULL", "null"}},
            {"encoded_as", "NaN (XGBoost missing); all one-hot levels NaN"}}},
          {"feature_names", featureNames()}};
}

FeatureEncoder FeatureEncoder::fromJson(const nlohmann::json& json) {
  FeatureEncoder encoder;
  for (const auto& entry : json.at("columns")) {
    EncodedColumn column;
    column.name = entry.at("name").get<std::string>();
    const std::string type = entry.at("type").get<std::string>();
    if (type == "numeric") {
      column.kind = ColumnKind::Numeric;
    } else if (type == "categorical") {
      column.kind = ColumnKind::Categorical;
      column.levels = entry.at("levels").get<std::vector<std::string>>();
    } else {
      throw std::invalid_argument("column " + column.name + " has unknown type '" + type + "'");
    }
    encoder.columns_.push_back(std::move(column));
  }
  encoder.index();
  if (json.contains("feature_names") &&
      json.at("feature_names").get<std::vector<std::string>>() != encoder.featureNames())
    throw std::invalid_argument("feature names do not match the columns");
  return encoder;
}

}  // namespace aviary::credit
