#include "ReliabilityTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace aviary::credit {

ReliabilityTable ReliabilityTable::compute(const std::vector<int>& labels,
                                           const std::vector<double>& probabilities,
                                           std::size_t bins) {
  if (labels.size() != probabilities.size() || labels.empty() || bins == 0)
    throw std::invalid_argument("ReliabilityTable: need equal, non-empty labels and PDs");
  std::vector<std::size_t> order(labels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return probabilities[a] < probabilities[b];
  });
  ReliabilityTable table;
  const std::size_t n = labels.size();
  bins = std::min(bins, n);
  for (std::size_t b = 0; b < bins; ++b) {
    const std::size_t begin = b * n / bins, end = (b + 1) * n / bins;
    Bin bin;
    bin.count = end - begin;
    bin.minPredicted = probabilities[order[begin]];
    bin.maxPredicted = probabilities[order[end - 1]];
    double predicted = 0, bad = 0;
    for (std::size_t i = begin; i < end; ++i) {
      predicted += probabilities[order[i]];
      bad += labels[order[i]];
    }
    bin.meanPredicted = predicted / static_cast<double>(bin.count);
    bin.observedBadRate = bad / static_cast<double>(bin.count);
    table.bins_.push_back(bin);
  }
  return table;
}

double ReliabilityTable::expectedCalibrationError() const {
  double weighted = 0, total = 0;
  for (const auto& bin : bins_) {
    weighted += static_cast<double>(bin.count) * std::abs(bin.meanPredicted - bin.observedBadRate);
    total += static_cast<double>(bin.count);
  }
  return total > 0 ? weighted / total : 0;
}

std::string ReliabilityTable::toMarkdown() const {
  std::string out =
      "| bin | PD range | rows | mean predicted PD | observed bad rate |\n"
      "| ---: | --- | ---: | ---: | ---: |\n";
  char line[160];
  for (std::size_t b = 0; b < bins_.size(); ++b) {
    const Bin& bin = bins_[b];
    std::snprintf(line, sizeof line, "| %zu | %.3f–%.3f | %zu | %.3f | %.3f |\n", b + 1,
                  bin.minPredicted, bin.maxPredicted, bin.count, bin.meanPredicted,
                  bin.observedBadRate);
    out += line;
  }
  return out;
}

nlohmann::json ReliabilityTable::toJson() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& bin : bins_)
    rows.push_back({{"rows", bin.count},
                    {"min_predicted", bin.minPredicted},
                    {"max_predicted", bin.maxPredicted},
                    {"mean_predicted", bin.meanPredicted},
                    {"observed_bad_rate", bin.observedBadRate}});
  return {{"bins", rows}, {"expected_calibration_error", expectedCalibrationError()}};
}

ReliabilityTable ReliabilityTable::fromJson(const nlohmann::json& json) {
  ReliabilityTable table;
  for (const auto& row : json.at("bins"))
    table.bins_.push_back({row.at("rows").get<std::size_t>(), row.at("min_predicted").get<double>(),
                           row.at("max_predicted").get<double>(),
                           row.at("mean_predicted").get<double>(),
                           row.at("observed_bad_rate").get<double>()});
  return table;
}

}  // namespace aviary::credit
