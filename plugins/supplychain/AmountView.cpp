#include "AmountView.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "TwoCores.h"

namespace aviary::supplychain {
namespace {

// Bins of 0.05% of an amount: far finer than the half percent that counts as the same sum.
constexpr double kBinWidth = 0.0005;
constexpr double kSame = 1.005;

}  // namespace

namespace {

// Tokens of the payments [begin, end), numbered from 0: repeats are looked up among the same
// day's payments in an open-addressing table stamped with the day, so it never needs clearing.
void tokensOf(const PaymentNetwork& net, std::uint32_t begin, std::uint32_t end,
              std::vector<std::uint32_t>& ofTxn, std::vector<std::int64_t>& sums,
              std::vector<std::uint32_t>& firstTxn) {
  std::size_t busiest = 1;
  for (std::uint32_t i = begin, j = begin; i < end; i = j) {
    while (j < end && net.time[j] / 86400 == net.time[i] / 86400) ++j;
    busiest = std::max<std::size_t>(busiest, j - i);
  }
  std::size_t capacity = 16;
  while (capacity < 2 * busiest) capacity *= 2;
  struct Slot {
    std::uint32_t stamp = 0, payer = 0, payee = 0, token = 0;
    std::int64_t cents = 0;
  };
  std::vector<Slot> table(capacity);
  std::uint32_t stamp = 0;
  std::int64_t day = std::numeric_limits<std::int64_t>::min();
  for (std::uint32_t txn = begin; txn < end; ++txn) {
    if (net.time[txn] / 86400 != day) {
      day = net.time[txn] / 86400;
      ++stamp;
    }
    const std::uint32_t u = net.payer[txn], v = net.payee[txn];
    const std::int64_t c = net.cents[txn];
    std::size_t h =
        static_cast<std::size_t>(
            ((std::uint64_t{u} << 32 | v) ^ static_cast<std::uint64_t>(c) * 0x9E3779B97F4A7C15ull) *
                0xD6E8FEB86659FD93ull >>
            20) &
        (capacity - 1);
    while (table[h].stamp == stamp &&
           !(table[h].payer == u && table[h].payee == v && table[h].cents == c))
      h = (h + 1) & (capacity - 1);
    if (table[h].stamp == stamp) {
      ofTxn[txn] = table[h].token;
      continue;
    }
    table[h] = {stamp, u, v, static_cast<std::uint32_t>(sums.size()), c};
    ofTxn[txn] = static_cast<std::uint32_t>(sums.size());
    sums.push_back(c);
    firstTxn.push_back(txn);
  }
}

}  // namespace

AmountView::Tokens AmountView::Tokens::build(const PaymentNetwork& net) {
  // Payments are in time order: two halves cut at a day boundary, on two cores.
  Tokens t;
  const auto m = static_cast<std::uint32_t>(net.txnCount());
  t.ofTxn.assign(m, 0);
  std::uint32_t cut = m / 2;
  while (cut > 0 && cut < m && net.time[cut] / 86400 == net.time[cut - 1] / 86400) ++cut;
  std::vector<std::int64_t> laterSums;
  std::vector<std::uint32_t> laterFirst;
  inParallel([&] { tokensOf(net, 0, cut, t.ofTxn, t.sums, t.firstTxn); },
             [&] { tokensOf(net, cut, m, t.ofTxn, laterSums, laterFirst); });
  const auto offset = static_cast<std::uint32_t>(t.sums.size());
  for (std::uint32_t txn = cut; txn < m; ++txn) t.ofTxn[txn] += offset;
  t.sums.insert(t.sums.end(), laterSums.begin(), laterSums.end());
  t.firstTxn.insert(t.firstTxn.end(), laterFirst.begin(), laterFirst.end());
  return t;
}

std::size_t AmountView::bin(double cents) const {
  const double b = std::log(std::max(1.0, cents)) / kBinWidth;
  return std::min(cumulative_.size() - 2, static_cast<std::size_t>(std::max(0.0, b)));
}

void AmountView::countSums(const std::vector<std::int64_t>& sums) {
  std::int64_t largest = 1;
  for (std::int64_t s : sums) largest = std::max(largest, s);
  cumulative_.assign(
      static_cast<std::size_t>(std::log(static_cast<double>(largest) * 2) / kBinWidth) + 3, 0);
  for (std::int64_t s : sums) ++cumulative_[bin(static_cast<double>(s)) + 1];
  std::partial_sum(cumulative_.begin(), cumulative_.end(), cumulative_.begin());
  total_ = static_cast<double>(sums.size());
}

AmountView AmountView::real(const PaymentNetwork& net, const Tokens& tokens) {
  AmountView v;
  v.cents_ = net.cents.data();
  v.countSums(tokens.sums);
  return v;
}

AmountView AmountView::shuffledGlobally(const PaymentNetwork& net, const Tokens& tokens,
                                        const AmountView& real, std::uint64_t seed) {
  std::vector<std::int64_t> sums = tokens.sums;
  std::mt19937_64 rng(seed);
  std::shuffle(sums.begin(), sums.end(), rng);
  AmountView v;
  v.own_.resize(net.txnCount());
  for (std::size_t t = 0; t < net.txnCount(); ++t) v.own_[t] = sums[tokens.ofTxn[t]];
  v.cents_ = v.own_.data();
  v.cumulative_ = real.cumulative_;  // the same sums, so the same distribution
  v.total_ = real.total_;
  return v;
}

double AmountView::mass(std::int64_t lo, std::int64_t hi) const {
  if (total_ <= 0) return 1.0;
  const std::size_t a = bin(static_cast<double>(lo) / kSame),
                    b = bin(static_cast<double>(hi) * kSame);
  return std::max(1.0, static_cast<double>(cumulative_[b + 1] - cumulative_[a])) / total_;
}

std::int64_t AmountView::lowestWithin(std::int64_t hi, double share) const {
  if (total_ <= 0) return hi;
  const std::size_t b = bin(static_cast<double>(hi) * kSame);
  const double allowed = share * total_;
  // The lowest bin a with cumulative[b + 1] - cumulative[a] <= allowed.
  const double floor = static_cast<double>(cumulative_[b + 1]) - allowed;
  const auto a = static_cast<std::size_t>(
      std::lower_bound(cumulative_.begin(),
                       cumulative_.begin() + static_cast<std::ptrdiff_t>(b + 1), floor,
                       [](std::uint32_t c, double x) { return static_cast<double>(c) < x; }) -
      cumulative_.begin());
  if (a > b) return hi;
  return static_cast<std::int64_t>(std::exp(static_cast<double>(a) * kBinWidth) * kSame);
}

}  // namespace aviary::supplychain
