#include "BatchCropMix.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace aviary::satellite {

namespace {

// A parcel's likelihood under class shares `mix`, relative to the training shares.
double relativeLikelihood(const std::vector<double>& row, const std::vector<double>& mix,
                          const std::vector<double>& training) {
  double p = 0;
  for (std::size_t c = 0; c < row.size(); ++c) p += row[c] * mix[c] / training[c];
  return p;
}

// The batch's log-likelihood under class shares `mix` against the training shares.
double logLikelihood(const std::vector<std::vector<double>>& rows, const std::vector<double>& mix,
                     const std::vector<double>& training) {
  double sum = 0;
  for (const auto& row : rows)
    sum += std::log(std::max(relativeLikelihood(row, mix, training), 1e-300));
  return sum;
}

}  // namespace

BatchCropMix BatchCropMix::estimate(const std::vector<std::vector<double>>& probabilities,
                                    std::vector<double> training) {
  BatchCropMix mix;
  mix.parcels_ = static_cast<int>(probabilities.size());
  if (probabilities.empty()) return mix;
  const std::size_t k = probabilities.front().size();
  if (training.size() != k) training.assign(k, 1.0 / k);
  // A class the training never saw would divide by zero; a trace keeps it defined.
  for (double& t : training) t = std::max(t, 1e-4);
  const double total = std::accumulate(training.begin(), training.end(), 0.0);
  for (double& t : training) t /= total;
  mix.training_ = training;
  mix.shares_ = training;
  if (mix.parcels_ < kMinParcels) return mix;
  // Probabilities are rounded; a zero would pin a class at zero for good.
  std::vector<std::vector<double>> rows;
  for (const auto& row : probabilities) {
    if (row.size() != k) continue;  // not the model's classes: no evidence of the mix
    mix.meanTop_ += *std::max_element(row.begin(), row.end());
    rows.push_back(row);
    for (double& p : rows.back()) p = std::max(p, 1e-4);
    const double s = std::accumulate(rows.back().begin(), rows.back().end(), 0.0);
    for (double& p : rows.back()) p /= s;
  }
  if (k == 0 || static_cast<int>(rows.size()) < kMinParcels) return mix;
  mix.meanTop_ /= rows.size();
  std::vector<double> shares = training, next(k);
  for (int iteration = 0; iteration < 200; ++iteration) {
    std::fill(next.begin(), next.end(), 0.0);
    for (const auto& row : rows) {
      const double s = relativeLikelihood(row, shares, training);
      for (std::size_t c = 0; c < k; ++c) next[c] += row[c] * shares[c] / training[c] / s;
    }
    double change = 0;
    for (std::size_t c = 0; c < k; ++c) {
      next[c] = (next[c] + kDamping * training[c]) / (rows.size() + kDamping);
      change = std::max(change, std::abs(next[c] - shares[c]));
    }
    shares.swap(next);
    if (change < 1e-7) break;
  }
  mix.shares_ = shares;
  // Under the training shares (a calibrated model, no shift) the gain is about half a point
  // per free class: what lies beyond that is the batch's own mix.
  const double chance = (static_cast<double>(k) - 1) / 2;
  mix.gain_ = (logLikelihood(rows, shares, training) - chance) / rows.size();
  mix.strength_ = std::clamp((mix.gain_ - kFromGain) / (kFullGain - kFromGain), 0.0, 1.0) *
                  std::clamp((mix.meanTop_ - kSureFrom) / (kSureFull - kSureFrom), 0.0, 1.0);
  return mix;
}

void BatchCropMix::apply(std::vector<std::vector<double>>& probabilities) const {
  if (strength_ <= 0) return;
  for (auto& row : probabilities) {
    if (row.size() != shares_.size()) continue;
    double s = 0;
    for (std::size_t c = 0; c < row.size(); ++c) {
      row[c] *= std::pow(shares_[c] / training_[c], strength_);
      s += row[c];
    }
    if (s > 0)
      for (double& p : row) p /= s;
  }
}

std::string BatchCropMix::describe(const std::vector<std::string>& classes) const {
  if (parcels_ < kMinParcels)
    return "crop mix: " + std::to_string(parcels_) + " parcels are too few to learn the " +
           "batch's own mix (" + std::to_string(kMinParcels) + " needed); the model's shares stand";
  char line[256];
  if (strength_ <= 0 && gain_ > kFromGain) {
    std::snprintf(line, sizeof line,
                  "crop mix: the batch's own mix differs (excess fit %.3f per parcel), but the "
                  "model is unsure of the batch (mean top probability %.2f); not used",
                  gain_, meanTop_);
    return line;
  }
  if (strength_ <= 0) {
    std::snprintf(line, sizeof line,
                  "crop mix: the batch looks like the model's training mix (excess fit %.3f per "
                  "parcel, below %.2f); probabilities left as they are",
                  gain_, kFromGain);
    return line;
  }
  std::vector<std::size_t> order(shares_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return shares_[a] > shares_[b]; });
  std::string main;
  for (std::size_t i = 0; i < order.size() && i < 5; ++i) {
    if (shares_[order[i]] < 0.05) break;
    char part[64];
    std::snprintf(part, sizeof part, "%s%s %.0f%%", main.empty() ? "" : ", ",
                  order[i] < classes.size() ? classes[order[i]].c_str() : "?",
                  100 * shares_[order[i]]);
    main += part;
  }
  std::snprintf(line, sizeof line,
                "crop mix: learnt from the batch (excess fit %.3f per parcel), used at "
                "strength %.2f; mostly ",
                gain_, strength_);
  return line + main;
}

}  // namespace aviary::satellite
