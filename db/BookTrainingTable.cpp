#include "BookTrainingTable.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>

#include "DecisionKernel.h"

namespace aviary {
namespace {

std::string csvCell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string cellText(const RiskModel::Value& value) {
  if (const double* number = std::get_if<double>(&value)) {
    if (!std::isfinite(*number)) return {};
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", *number);
    return text;
  }
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return {};
}

}  // namespace

CsvTable BookTrainingTable::fromBook(const std::string& connectionString,
                                     const StoredBook::Filter& filter) {
  StoredBook::Filter withOutcomes = filter;
  withOutcomes.withOutcomeOnly = true;
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::pair<RiskModel::Row, bool>>> rows;
  std::set<std::string> columns;
  std::vector<std::string> skipped;
  StoredBook(connectionString)
      .forEach(
          withOutcomes, 2,
          [&](const BookEntry& entry, int) {
            static const std::map<std::string, FeatureDescriptor> kNoCatalog;
            RiskModel::Row row = DecisionKernel::modelRowOf(
                entry.caseFile, entry.evidence, entry.catalog ? *entry.catalog : kNoCatalog);
            // Evidence columns the catalog declares count even where this case lacks them.
            std::lock_guard lock(mutex);
            for (const auto& [column, value] : row) columns.insert(column);
            if (entry.catalog)
              for (const auto& [column, feature] : *entry.catalog) columns.insert(column);
            rows.push_back({entry.caseId, {std::move(row), *entry.bad}});
          },
          [&](std::int64_t caseId, const std::string& reason) {
            skipped.push_back("case " + std::to_string(caseId) + ": " + reason);
          });
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t bad = 0;
  for (const auto& row : rows) bad += row.second.second ? 1 : 0;
  if (rows.size() < kMinimumRows || bad < kMinimumBad)
    throw std::invalid_argument(std::to_string(rows.size()) +
                                " decided cases have repayment outcomes (" + std::to_string(bad) +
                                " bad): retraining needs at least " + std::to_string(kMinimumRows) +
                                " with " + std::to_string(kMinimumBad) +
                                " bad; import more with 'aviary outcome import' as loans mature");
  columns.erase(kTarget);

  std::string text;
  for (const auto& column : columns) text += csvCell(column) + ",";
  text += std::string(kTarget) + "\n";
  for (const auto& [caseId, entry] : rows) {
    for (const auto& column : columns) {
      const auto cell = entry.first.find(column);
      text += (cell == entry.first.end() ? std::string() : csvCell(cellText(cell->second))) + ",";
    }
    text += entry.second ? "bad\n" : "good\n";
  }
  return CsvTable::parse(text, "stored cases with outcomes");
}

}  // namespace aviary
