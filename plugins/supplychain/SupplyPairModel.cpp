#include "SupplyPairModel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <unordered_map>

#include "XGBoostBooster.h"
#include "XGBoostMatrix.h"

namespace aviary::supplychain {
namespace {

using F = SupplyPairFeatures;

// Smoothed log-odds of a key among positive vs negative labelled examples, relative to all
// of them, with `ownPos`/`ownNeg` (the example's own share) left out.
struct LogOdds {
  double positives = 0, negatives = 0;
  double score(double pos, double neg) const {
    const double total = positives + negatives;
    if (total <= 0 || positives <= 0 || negatives <= 0) return 0;
    constexpr double kPrior = 2.0;
    return std::log((pos + kPrior * positives / total) / (neg + kPrior * negatives / total)) -
           std::log(positives / negatives);
  }
};

// A per-payment text key (memo or channel) learned from the labelled pairs' payments: the
// pair's column is the mean log-odds over its payments that carry a key.
void learnPaymentKeys(const PaymentNetwork& net, const std::vector<std::uint32_t>& keys,
                      const WeakPairLabels& w, F& f, std::size_t column) {
  std::unordered_map<std::uint32_t, std::pair<double, double>> counts;
  LogOdds base;
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    if (w.label[pi] < 0) continue;
    for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k) {
      const std::uint32_t key = keys[net.pairTxn[k]];
      if (!key) continue;
      auto& c = counts[key];
      (w.label[pi] ? c.first : c.second) += 1;
      (w.label[pi] ? base.positives : base.negatives) += 1;
    }
  }
  std::vector<std::uint32_t> own;
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    own.clear();
    for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k)
      if (const std::uint32_t key = keys[net.pairTxn[k]]) own.push_back(key);
    if (own.empty()) continue;
    std::sort(own.begin(), own.end());
    double sum = 0;
    for (std::size_t i = 0; i < own.size();) {
      std::size_t j = i;
      while (j < own.size() && own[j] == own[i]) ++j;
      const auto it = counts.find(own[i]);
      double pos = it == counts.end() ? 0 : it->second.first;
      double neg = it == counts.end() ? 0 : it->second.second;
      const double mine = static_cast<double>(j - i);
      if (w.label[pi] == 1) pos -= mine;
      if (w.label[pi] == 0) neg -= mine;
      sum += mine * base.score(pos, neg);
      i = j;
    }
    f.at(pi, column) = static_cast<float>(sum / static_cast<double>(own.size()));
  }
}

// Industry text on one side of the pair, learned from the labelled pairs, leaving the pair out.
void learnIndustry(const PaymentNetwork& net, const WeakPairLabels& w, F& f, bool payeeSide) {
  std::unordered_map<std::string_view, std::pair<double, double>> counts;
  LogOdds base;
  auto partyOf = [&](std::size_t pi) {
    return payeeSide ? net.pairs[pi].payee : net.pairs[pi].payer;
  };
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    if (w.label[pi] < 0) continue;
    const std::string& industry = net.industry[partyOf(pi)];
    if (industry.empty()) continue;
    auto& c = counts[industry];
    (w.label[pi] ? c.first : c.second) += 1;
    (w.label[pi] ? base.positives : base.negatives) += 1;
  }
  const std::size_t column = payeeSide ? F::kPayeeIndustry : F::kPayerIndustry;
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    const std::string& industry = net.industry[partyOf(pi)];
    if (industry.empty()) continue;
    const auto it = counts.find(industry);
    double pos = it == counts.end() ? 0 : it->second.first;
    double neg = it == counts.end() ? 0 : it->second.second;
    if (w.label[pi] == 1) pos -= 1;
    if (w.label[pi] == 0) neg -= 1;
    f.at(pi, column) = static_cast<float>(base.score(pos, neg));
  }
}

std::unique_ptr<credit::XGBoostBooster> train(const std::vector<float>& rows,
                                              const std::vector<float>& labels,
                                              const SupplyPairModel::Options& o) {
  const double positives = std::accumulate(labels.begin(), labels.end(), 0.0);
  const double negatives = static_cast<double>(labels.size()) - positives;
  const credit::XGBoostMatrix matrix(rows, F::kWidth, labels);
  auto booster =
      std::make_unique<credit::XGBoostBooster>(std::vector<const credit::XGBoostMatrix*>{&matrix});
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(o.depth)},
      {"eta", std::to_string(o.eta)},
      {"subsample", "0.8"},
      {"colsample_bytree", "0.8"},
      {"min_child_weight", "2"},
      {"max_bin", "64"},
      // One thread: OpenMP threads spin while they wait, and the other core has work of its own.
      {"nthread", "1"},
      {"seed", std::to_string(o.seed % 1000000)},
      {"scale_pos_weight", std::to_string(negatives / std::max(1.0, positives))},
      {"verbosity", "0"}};
  for (const auto& [k, v] : params) booster->setParameter(k, v);
  for (int i = 0; i < o.rounds; ++i) booster->updateOneIteration(i, matrix);
  return booster;
}

}  // namespace

SupplyPairModel::SupplyPairModel(Options options) : options_(options) {}
SupplyPairModel::~SupplyPairModel() = default;
SupplyPairModel::SupplyPairModel(SupplyPairModel&&) noexcept = default;
SupplyPairModel& SupplyPairModel::operator=(SupplyPairModel&&) noexcept = default;

void SupplyPairModel::fit(const PaymentNetwork& net, F& f, const WeakPairLabels& w,
                          const std::vector<std::uint8_t>& candidate) {
  const std::size_t pairs = net.pairs.size();
  probability_.assign(pairs, 0.0f);
  gainShares_.assign(F::kWidth, 0.0);
  summary_ = {};
  for (std::uint8_t c : candidate) summary_.candidates += c;
  bool memos = false, industries = false;
  std::unordered_map<std::uint32_t, int> channels;
  for (std::size_t t = 0; t < net.txnCount() && channels.size() < 2; ++t)
    ++channels[net.channelKey[t]];
  for (std::size_t t = 0; t < net.txnCount() && !memos; ++t) memos = net.memoKey[t] != 0;
  for (const auto& s : net.industry) industries = industries || !s.empty();
  if (memos) learnPaymentKeys(net, net.memoKey, w, f, F::kMemoText);
  if (channels.size() > 1) learnPaymentKeys(net, net.channelKey, w, f, F::kChannel);
  if (industries) {
    learnIndustry(net, w, f, true);
    learnIndustry(net, w, f, false);
  }

  std::mt19937_64 rng(options_.seed);
  std::vector<std::int8_t> label(w.label);
  auto trainOn = [&] {
    std::vector<std::uint32_t> pos, neg;
    for (std::uint32_t pi = 0; pi < pairs; ++pi)
      if (label[pi] >= 0) (label[pi] ? pos : neg).push_back(pi);
    for (auto* v : {&pos, &neg})
      if (v->size() > options_.maxRowsPerClass) {
        std::shuffle(v->begin(), v->end(), rng);
        v->resize(options_.maxRowsPerClass);
      }
    summary_.positives = pos.size();
    summary_.negatives = neg.size();
    if (pos.size() < 10 || neg.size() < 10) {
      summary_.note = "too few weak labels to learn from (" + std::to_string(pos.size()) +
                      " supplying, " + std::to_string(neg.size()) + " not)";
      return false;
    }
    std::vector<float> rows, labels;
    rows.reserve((pos.size() + neg.size()) * F::kWidth);
    std::bernoulli_distribution hide(0.5);
    for (const auto* v : {&pos, &neg})
      for (std::uint32_t pi : *v) {
        const float* row = &f.values[std::size_t{pi} * F::kWidth];
        const bool hideMemo = hide(rng), hideRegistry = hide(rng), hideChannel = hide(rng);
        for (std::size_t c = 0; c < F::kWidth; ++c) {
          const bool hidden = (hideMemo && F::isMemoColumn(c)) ||
                              (hideRegistry && F::isRegistryColumn(c)) ||
                              (hideChannel && c == F::kChannel);
          rows.push_back(hidden ? F::kMissing : row[c]);
        }
        labels.push_back(label[pi] ? 1.0f : 0.0f);
      }
    booster_ = train(rows, labels, options_);
    return true;
  };
  auto predict = [&] {
    // Only candidates are scored, in chunks of their rows gathered together.
    std::vector<std::uint32_t> rows;
    for (std::uint32_t pi = 0; pi < pairs; ++pi)
      if (candidate[pi]) rows.push_back(pi);
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<float> chunk;
    for (std::size_t begin = 0; begin < rows.size(); begin += kChunk) {
      const std::size_t count = std::min(kChunk, rows.size() - begin);
      chunk.clear();
      for (std::size_t i = 0; i < count; ++i) {
        const float* row = &f.values[std::size_t{rows[begin + i]} * F::kWidth];
        chunk.insert(chunk.end(), row, row + F::kWidth);
      }
      const auto margins = booster_->predictMargins(chunk.data(), count, F::kWidth);
      for (std::size_t i = 0; i < count; ++i)
        probability_[rows[begin + i]] = static_cast<float>(1.0 / (1.0 + std::exp(-margins[i])));
    }
  };
  if (!trainOn()) return;
  predict();
  if (options_.selfTraining) {
    for (std::size_t pi = 0; pi < pairs; ++pi) {
      if (label[pi] >= 0 || !candidate[pi]) continue;
      if (probability_[pi] >= 0.9f) {
        label[pi] = 1;
        ++summary_.pseudoPositives;
      } else if (probability_[pi] <= 0.1f) {
        label[pi] = 0;
        ++summary_.pseudoNegatives;
      }
    }
    const Summary first = summary_;
    if (trainOn()) predict();
    summary_.pseudoPositives = first.pseudoPositives;
    summary_.pseudoNegatives = first.pseudoNegatives;
  }
  summary_.trained = true;
  const auto gains = booster_->totalGains(F::kWidth);
  const double total = std::accumulate(gains.begin(), gains.end(), 0.0);
  for (std::size_t c = 0; c < F::kWidth; ++c) gainShares_[c] = total > 0 ? gains[c] / total : 0.0;
}

std::vector<std::string> SupplyPairModel::explain(const F& f,
                                                  const std::vector<std::uint32_t>& pairs) const {
  std::vector<std::string> out(pairs.size());
  if (!booster_ || pairs.empty()) return out;
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<float> rows;
  for (std::size_t begin = 0; begin < pairs.size(); begin += kChunk) {
    const std::size_t count = std::min(kChunk, pairs.size() - begin);
    rows.assign(f.values.begin(), f.values.begin());
    for (std::size_t i = 0; i < count; ++i) {
      const auto* row = &f.values[std::size_t{pairs[begin + i]} * F::kWidth];
      rows.insert(rows.end(), row, row + F::kWidth);
    }
    const credit::XGBoostMatrix matrix(rows.data(), count, F::kWidth);
    const auto contributions = booster_->predictContributions(matrix, count, F::kWidth, true);
    std::vector<std::size_t> order(F::kWidth);
    for (std::size_t i = 0; i < count; ++i) {
      const float* c = &contributions[i * (F::kWidth + 1)];
      std::iota(order.begin(), order.end(), 0);
      std::partial_sort(
          order.begin(), order.begin() + 3, order.end(),
          [&](std::size_t a, std::size_t b) { return std::fabs(c[a]) > std::fabs(c[b]); });
      std::string s;
      for (int k = 0; k < 3; ++k) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%s %+.2f", k ? ", " : "",
                      F::name(order[static_cast<std::size_t>(k)]),
                      c[order[static_cast<std::size_t>(k)]]);
        s += buf;
      }
      out[begin + i] = std::move(s);
    }
  }
  return out;
}

}  // namespace aviary::supplychain
