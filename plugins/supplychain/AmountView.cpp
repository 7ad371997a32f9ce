#include "AmountView.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace aviary::supplychain {
namespace {

// At most this many amounts are kept for the distribution: enough to tell shares of 1e-6.
constexpr std::size_t kSample = 2000000;

// Which payments start a token: a pair's payments on one day with the same sum count once,
// so a burst of repeats does not make its sum look common.
std::vector<std::uint8_t> tokenStarts(const PaymentNetwork& net) {
  std::vector<std::uint8_t> first(net.txnCount(), 1);
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    const std::uint64_t begin = net.pairTxnOffset[pi], end = net.pairTxnOffset[pi + 1];
    for (std::uint64_t k = begin + 1; k < end; ++k) {
      const std::uint32_t t = net.pairTxn[k];
      for (std::uint64_t j = k;
           j > begin && net.time[net.pairTxn[j - 1]] / 86400 == net.time[t] / 86400; --j)
        if (net.cents[net.pairTxn[j - 1]] == net.cents[t]) {
          first[t] = 0;
          break;
        }
    }
  }
  return first;
}

std::vector<std::int64_t> sortedSample(const std::int64_t* cents,
                                       const std::vector<std::uint8_t>& use) {
  const std::size_t tokens = static_cast<std::size_t>(std::count(use.begin(), use.end(), 1));
  const std::size_t step = std::max<std::size_t>(1, tokens / kSample);
  std::vector<std::int64_t> s;
  s.reserve(tokens / step + 1);
  std::size_t seen = 0;
  for (std::size_t t = 0; t < use.size(); ++t)
    if (use[t] && seen++ % step == 0) s.push_back(cents[t]);
  std::sort(s.begin(), s.end());
  return s;
}

}  // namespace

AmountView AmountView::real(const PaymentNetwork& net) {
  AmountView v;
  v.cents_ = net.cents.data();
  v.sorted_ = sortedSample(v.cents_, tokenStarts(net));
  return v;
}

AmountView AmountView::shuffledWithinPayers(const PaymentNetwork& net, std::uint64_t seed) {
  AmountView v;
  v.own_.resize(net.txnCount());
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> order;
  for (std::uint32_t u = 0; u < net.partyCount(); ++u) {
    const std::uint64_t first = net.pairOutOffset[u], last = net.pairOutOffset[u + 1];
    order.resize(last - first);
    std::iota(order.begin(), order.end(), static_cast<std::uint32_t>(first));
    std::shuffle(order.begin(), order.end(), rng);
    for (std::uint64_t pi = first; pi < last; ++pi) {
      // Pair pi's payments take the amounts of pair `from`'s, in time order, cycling.
      const std::uint64_t from = order[pi - first];
      const std::uint64_t fb = net.pairTxnOffset[from], fn = net.pairTxnOffset[from + 1] - fb;
      for (std::uint64_t k = net.pairTxnOffset[pi], i = 0; k < net.pairTxnOffset[pi + 1]; ++k, ++i)
        v.own_[net.pairTxn[k]] = net.cents[net.pairTxn[fb + i % fn]];
    }
  }
  v.cents_ = v.own_.data();
  v.sorted_ = sortedSample(v.cents_, tokenStarts(net));
  return v;
}

AmountView AmountView::shuffledWithinSizes(const PaymentNetwork& net, std::uint64_t seed,
                                           double binRatio) {
  // Tokens move whole: a burst of repeats keeps one sum.
  const auto starts = tokenStarts(net);
  std::vector<std::uint32_t> token(net.txnCount());
  std::vector<std::int64_t> sums;
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    const std::uint64_t begin = net.pairTxnOffset[pi], end = net.pairTxnOffset[pi + 1];
    for (std::uint64_t k = begin; k < end; ++k) {
      const std::uint32_t t = net.pairTxn[k];
      if (starts[t]) {
        token[t] = static_cast<std::uint32_t>(sums.size());
        sums.push_back(net.cents[t]);
        continue;
      }
      for (std::uint64_t j = k; j > begin; --j)
        if (net.cents[net.pairTxn[j - 1]] == net.cents[t] && starts[net.pairTxn[j - 1]]) {
          token[t] = token[net.pairTxn[j - 1]];
          break;
        }
    }
  }
  // Shuffle within size bins: sort token indices by (bin, random key) and deal the sums of
  // each bin out again in that order.
  std::mt19937_64 rng(seed);
  const double step = std::log(binRatio);
  std::vector<std::pair<std::pair<std::int64_t, std::uint64_t>, std::uint32_t>> keyed(sums.size());
  for (std::uint32_t i = 0; i < sums.size(); ++i)
    keyed[i] = {{static_cast<std::int64_t>(std::floor(
                     std::log(static_cast<double>(std::max<std::int64_t>(1, sums[i]))) / step)),
                 rng()},
                i};
  std::vector<std::uint32_t> bySum(sums.size());
  std::iota(bySum.begin(), bySum.end(), 0u);
  std::sort(bySum.begin(), bySum.end(), [&](std::uint32_t x, std::uint32_t y) {
    return std::make_pair(keyed[x].first.first, x) < std::make_pair(keyed[y].first.first, y);
  });
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::int64_t> shuffled(sums.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) shuffled[keyed[i].second] = sums[bySum[i]];
  AmountView v;
  v.own_.resize(net.txnCount());
  for (std::size_t t = 0; t < net.txnCount(); ++t) v.own_[t] = shuffled[token[t]];
  v.cents_ = v.own_.data();
  v.sorted_ = sortedSample(v.cents_, starts);
  return v;
}

double AmountView::mass(std::int64_t lo, std::int64_t hi) const {
  if (sorted_.empty()) return 1.0;
  // Sums within half a percent count as the same: the chance of exactly equal cents is not
  // what makes two payments look alike.
  lo = static_cast<std::int64_t>(std::floor(static_cast<double>(lo) / 1.005));
  hi = static_cast<std::int64_t>(std::ceil(static_cast<double>(hi) * 1.005));
  const auto count = std::upper_bound(sorted_.begin(), sorted_.end(), hi) -
                     std::lower_bound(sorted_.begin(), sorted_.end(), lo);
  return static_cast<double>(std::max<std::ptrdiff_t>(1, count)) /
         static_cast<double>(sorted_.size());
}

std::int64_t AmountView::lowestWithin(std::int64_t hi, double share) const {
  if (sorted_.empty()) return hi;
  const auto top = std::upper_bound(sorted_.begin(), sorted_.end(), hi) - sorted_.begin();
  const auto allowed = static_cast<std::ptrdiff_t>(share * static_cast<double>(sorted_.size()));
  if (allowed <= 0) return hi;
  return top - allowed <= 0 ? 0 : sorted_[static_cast<std::size_t>(top - allowed)];
}

}  // namespace aviary::supplychain
