#include "BinaryMetrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace aviary::credit {

BinaryMetrics BinaryMetrics::compute(const std::vector<int>& labels,
                                     const std::vector<double>& scores) {
  if (labels.size() != scores.size())
    throw std::invalid_argument("BinaryMetrics: labels and scores differ in length");
  BinaryMetrics m;
  m.count = labels.size();
  m.bad = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1));
  const std::size_t good = m.count - m.bad;
  if (m.bad == 0 || good == 0)
    throw std::invalid_argument("AUC and KS need both bad and good rows; this set has " +
                                std::to_string(m.bad) + " bad and " + std::to_string(good) +
                                " good");

  std::vector<std::size_t> order(m.count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });

  // Walk groups of tied scores from low to high: AUC by ranks, KS from the two CDFs.
  double rankSumBad = 0;
  double badBelow = 0, goodBelow = 0;
  std::size_t i = 0;
  while (i < m.count) {
    std::size_t j = i;
    double badInGroup = 0;
    while (j < m.count && scores[order[j]] == scores[order[i]]) {
      badInGroup += labels[order[j]];
      ++j;
    }
    const double averageRank = (static_cast<double>(i) + static_cast<double>(j - 1)) / 2.0 + 1.0;
    rankSumBad += badInGroup * averageRank;
    badBelow += badInGroup;
    goodBelow += static_cast<double>(j - i) - badInGroup;
    m.ks = std::max(m.ks, std::abs(goodBelow / static_cast<double>(good) -
                                   badBelow / static_cast<double>(m.bad)));
    i = j;
  }
  const double nBad = static_cast<double>(m.bad);
  m.auc = (rankSumBad - nBad * (nBad + 1) / 2.0) / (nBad * static_cast<double>(good));
  m.gini = 2 * m.auc - 1;

  for (std::size_t k = 0; k < m.count; ++k) {
    const double p = std::clamp(scores[k], 1e-15, 1 - 1e-15);
    m.logLoss -= labels[k] ? std::log(p) : std::log(1 - p);
    m.brier += (scores[k] - labels[k]) * (scores[k] - labels[k]);
  }
  m.logLoss /= static_cast<double>(m.count);
  m.brier /= static_cast<double>(m.count);
  return m;
}

nlohmann::json BinaryMetrics::toJson() const {
  return {{"auc", auc},     {"ks", ks},      {"gini", gini}, {"log_loss", logLoss},
          {"brier", brier}, {"rows", count}, {"bad", bad}};
}

}  // namespace aviary::credit
