#include "FanDetector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>

#include "TwoCores.h"

namespace aviary::supplychain {
namespace {

// ln P(X >= k) for X ~ Binomial(n, q): 0 up to the mean, else the Chernoff bound.
double logBinomialTail(double n, double k, double q) {
  if (k <= n * q || q >= 1) return 0;
  const double f = std::min(1.0, k / n);
  const double kl = f * std::log(f / q) + (f < 1 ? (1 - f) * std::log((1 - f) / (1 - q)) : 0.0);
  return -n * kl;
}

using PairSummary = FanDetector::PairSummary;

PairSummary summarise(const PaymentNetwork& net, const AmountView& a) {
  const std::size_t pairs = net.pairs.size();
  PairSummary s;
  s.cents.resize(pairs);
  s.day.resize(pairs);
  s.burst.resize(pairs);
  s.days.resize(pairs);
  s.logBurstTail.resize(pairs);
  // Same-day runs of each length, counted per half and added up.
  std::vector<double> bursts[2] = {std::vector<double>(64, 0.0), std::vector<double>(64, 0.0)};
  inTwoHalves(pairs, [&](std::size_t begin, std::size_t end) {
    auto& runs = bursts[begin == 0 ? 0 : 1];
    std::vector<std::int64_t> c;
    std::vector<std::int32_t> d;
    for (std::size_t pi = begin; pi < end; ++pi) {
      c.clear();
      d.clear();
      std::uint32_t run = 0, best = 0;
      std::int32_t last = INT32_MIN;
      for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k) {
        const std::uint32_t t = net.pairTxn[k];
        c.push_back(a.cents(t));
        const auto day = static_cast<std::int32_t>(net.time[t] / 86400);
        d.push_back(day);
        if (day != last) ++s.days[pi];
        if (day != last && run) {
          runs[std::min<std::size_t>(run, 63)] += 1;
          run = 0;
        }
        last = day;
        best = std::max(best, ++run);
      }
      runs[std::min<std::size_t>(run, 63)] += 1;
      std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(c.size() / 2), c.end());
      s.cents[pi] = c[c.size() / 2];
      s.day[pi] = d[d.size() / 2];
      s.burst[pi] = best;
    }
  });
  std::vector<double> tail(64, 0.0);
  for (std::size_t m = 0; m < 64; ++m) tail[m] = bursts[0][m] + bursts[1][m];
  for (std::size_t m = 62; m > 0; --m) tail[m] += tail[m + 1];
  const double pairDays = tail[1];
  for (std::size_t pi = 0; pi < pairs; ++pi)
    s.logBurstTail[pi] = std::log(tail[std::min<std::size_t>(s.burst[pi], 63)] / pairDays);
  return s;
}

struct Item {
  std::int64_t cents;
  std::int32_t day;
  std::uint32_t pair;  // a pair (fan-in) or a payment (fan-out)
};

// The pairs of a focal party: its payers' (fan-in) or its payees' (fan-out).
struct Side {
  bool in;
  std::uint64_t begin(const PaymentNetwork& net, std::uint32_t x) const {
    return in ? net.pairInOffset[x] : net.pairOutOffset[x];
  }
  std::uint64_t end(const PaymentNetwork& net, std::uint32_t x) const {
    return in ? net.pairInOffset[x + 1] : net.pairOutOffset[x + 1];
  }
  std::uint32_t pair(const PaymentNetwork& net, std::uint64_t k) const {
    return in ? net.pairIn[k] : static_cast<std::uint32_t>(k);
  }
  std::uint32_t other(const PaymentNetwork::Pair& p) const { return in ? p.payer : p.payee; }
  double payments(const PaymentNetwork& net, std::uint32_t x) const {
    return static_cast<double>(in ? net.inOffset[x + 1] - net.inOffset[x]
                                  : net.outOffset[x + 1] - net.outOffset[x]);
  }
};

// The strongest group among one focal party's counterparties, or a score of 0.
TypologyFinding bestGroup(const PaymentNetwork& net, const AmountView& a, const PairSummary& s,
                          const FanDetector::Options& o, Side side, std::uint32_t x,
                          std::vector<Item>& items, std::vector<Item>& window,
                          std::vector<std::pair<std::int64_t, double>>& paid) {
  TypologyFinding best;
  items.clear();
  const auto n = static_cast<double>(side.end(net, x) - side.begin(net, x));
  for (std::uint64_t k = side.begin(net, x); k < side.end(net, x); ++k) {
    const std::uint32_t pi = side.pair(net, k);
    if (s.days[pi] <= static_cast<std::uint32_t>(o.occasionalDays))
      items.push_back({s.cents[pi], s.day[pi], pi});
  }
  if (items.size() < static_cast<std::size_t>(o.minCounterparties) ||
      n > static_cast<double>(o.maxCounterparties))
    return best;
  // What the account is paid (or pays): each counterparty's typical sum, as often as it paid;
  // summed from the top, by sum.
  paid.clear();
  for (std::uint64_t k = side.begin(net, x); k < side.end(net, x); ++k) {
    const std::uint32_t pi = side.pair(net, k);
    paid.push_back({s.cents[pi], static_cast<double>(net.pairs[pi].txnCount)});
  }
  std::sort(paid.begin(), paid.end());
  for (std::size_t i = paid.size(); i-- > 1;) paid[i - 1].second += paid[i].second;
  auto paidFrom = [&](std::int64_t c) {
    const auto it = std::lower_bound(paid.begin(), paid.end(), std::make_pair(c, -1.0));
    return it == paid.end() ? 0.0 : it->second;
  };
  std::vector<std::int32_t> days;
  for (const Item& it : items) days.push_back(it.day);
  std::sort(days.begin(), days.end());
  std::sort(items.begin(), items.end(),
            [](const Item& p, const Item& q) { return p.cents < q.cents; });
  const double in = side.payments(net, x);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::size_t j = i;
    // At most 256 payers from here up: a hub's crowd of similar sums is no signal anyway.
    while (j < items.size() && j - i < 256 &&
           static_cast<double>(items[j].cents) <= static_cast<double>(items[i].cents) * o.band)
      ++j;
    if (j - i < static_cast<std::size_t>(o.minCounterparties)) continue;
    window.assign(items.begin() + static_cast<std::ptrdiff_t>(i),
                  items.begin() + static_cast<std::ptrdiff_t>(j));
    std::sort(window.begin(), window.end(),
              [](const Item& p, const Item& q) { return p.day < q.day; });
    std::size_t start = 0;
    for (std::size_t e = 0; e < window.size(); ++e) {
      while (window[e].day - window[start].day > o.windowDays) ++start;
      const double k = static_cast<double>(e - start + 1);
      if (k < o.minCounterparties) continue;
      std::int64_t lo = INT64_MAX, hi = 0;
      double bursts = 0, memberTxns = 0;
      for (std::size_t m = start; m <= e; ++m) {
        const std::uint32_t pi = window[m].pair;
        memberTxns += net.pairs[pi].txnCount;
        lo = std::min(lo, window[m].cents);
        hi = std::max(hi, window[m].cents);
        bursts += s.logBurstTail[pi];
      }
      // The band's chance: its share of all payments, or of this account's other payments in
      // (shrunk towards the first) if larger: sums it is paid anyway (a utility's bills, a
      // shop's prices) agree by nature.
      const double global = a.mass(lo, hi);
      const double usual = paidFrom(lo) - paidFrom(hi + 1) - memberTxns;
      const double q = std::max(
          global, (std::max(0.0, usual) + 10 * global) / (std::max(0.0, in - memberTxns) + 10));
      // Of the occasional payers in the same days, how many landing in the band is surprising.
      const double payers =
          static_cast<double>(std::upper_bound(days.begin(), days.end(), window[e].day) -
                              std::lower_bound(days.begin(), days.end(), window[start].day));
      // One payer chose all the sums of a fan-out: their agreement is no evidence, only the
      // bursts of repeats it paid them in are.
      const double logChance = std::log(static_cast<double>(items.size())) +
                               (side.in ? logBinomialTail(payers, k, q) : 0.0) + bursts;
      if (-logChance <= best.score) continue;
      best.score = -logChance;
      best.members.assign(1, x);
      best.txns.clear();
      best.cents = 0;
      for (std::size_t m = start; m <= e; ++m) {
        const auto& p = net.pairs[window[m].pair];
        best.members.push_back(side.other(p));
        best.txns.push_back(net.pairTxn[net.pairTxnOffset[window[m].pair]]);
        best.cents += p.cents;
      }
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    side.in ? "%d occasional payers paid it near-equal sums of %.2f to %.2f yuan "
                              "within %d days"
                            : "it paid %d occasional payees near-equal sums of %.2f to %.2f yuan "
                              "within %d days",
                    static_cast<int>(k), static_cast<double>(lo) / 100,
                    static_cast<double>(hi) / 100, window[e].day - window[start].day + 1);
      best.detail = buf;
    }
  }
  return best;
}

}  // namespace

namespace {

// Fan groups on one side. The null copy: each counterparty on the other side keeps its own
// typical sums but hands them to its partners in a shuffled order (those with a single
// partner swap theirs among themselves).
std::vector<TypologyFinding> groups(const PaymentNetwork& net, const AmountView& amounts,
                                    const PairSummary& summary, const FanDetector::Options& o,
                                    Side side, std::uint64_t nullSeed,
                                    std::size_t* tested = nullptr) {
  PairSummary shuffled;
  if (nullSeed) shuffled = summary;
  const PairSummary& s = nullSeed ? shuffled : summary;
  if (nullSeed) {
    auto& s = shuffled;
    std::mt19937_64 rng(nullSeed);
    const Side other{!side.in};  // shuffled around the counterparties, not the focal party
    std::vector<std::uint32_t> single, ids;
    for (std::uint32_t u = 0; u < net.partyCount(); ++u) {
      const std::uint64_t first = other.begin(net, u), last = other.end(net, u);
      if (last - first == 1) single.push_back(other.pair(net, first));
      ids.clear();
      for (std::uint64_t k = first; k < last; ++k) ids.push_back(other.pair(net, k));
      std::vector<std::int64_t> sums;
      for (std::uint32_t pi : ids) sums.push_back(s.cents[pi]);
      std::shuffle(sums.begin(), sums.end(), rng);
      for (std::size_t i = 0; i < ids.size(); ++i) s.cents[ids[i]] = sums[i];
    }
    std::vector<std::int64_t> sums;
    for (std::uint32_t pi : single) sums.push_back(s.cents[pi]);
    std::shuffle(sums.begin(), sums.end(), rng);
    for (std::size_t i = 0; i < single.size(); ++i) s.cents[single[i]] = sums[i];
  }
  if (tested) {  // focal parties with enough occasional counterparties to form a group
    *tested = 0;
    for (std::uint32_t x = 0; x < net.partyCount(); ++x) {
      std::size_t occasional = 0;
      for (std::uint64_t k = side.begin(net, x); k < side.end(net, x); ++k)
        occasional += s.days[side.pair(net, k)] <= static_cast<std::uint32_t>(o.occasionalDays);
      *tested += occasional >= static_cast<std::size_t>(o.minCounterparties);
    }
  }
  std::vector<TypologyFinding> first, second;
  inTwoHalves(net.partyCount(), [&](std::size_t begin, std::size_t end) {
    auto& found = begin == 0 ? first : second;
    std::vector<Item> items, window;
    std::vector<std::pair<std::int64_t, double>> paid;
    for (std::size_t x = begin; x < end; ++x) {
      auto g =
          bestGroup(net, amounts, s, o, side, static_cast<std::uint32_t>(x), items, window, paid);
      if (g.score > 0) found.push_back(std::move(g));
    }
  });
  first.insert(first.end(), std::make_move_iterator(second.begin()),
               std::make_move_iterator(second.end()));
  return first;
}

}  // namespace

FanDetector::FanDetector(const PaymentNetwork& net, const AmountView& amounts)
    : net_(net),
      amounts_(amounts),
      pairs_(std::make_unique<PairSummary>(summarise(net, amounts))) {}
FanDetector::~FanDetector() = default;

std::vector<TypologyFinding> FanDetector::fanIns(const Options& o, std::uint64_t nullSeed) const {
  return groups(net_, amounts_, *pairs_, o, Side{true}, nullSeed);
}

std::vector<TypologyFinding> FanDetector::fanOutRepeats(const Options& o,
                                                        std::size_t& tested) const {
  return groups(net_, amounts_, *pairs_, o, Side{false}, 0, &tested);
}

namespace {

// ln P(X >= k) for X ~ Poisson(mu), k > mu: the first term and the geometric bound of the rest.
double logPoissonTail(double mu, double k) {
  return -mu + k * std::log(mu) - std::lgamma(k + 1) - std::log(std::max(1e-9, 1 - mu / (k + 1)));
}

// One payer's strongest burst of occasional payees paid near-equal sums.
TypologyFinding bestBurst(const PaymentNetwork& net, const FanDetector::Options& o, std::uint32_t u,
                          std::vector<Item>& items, std::vector<Item>& window,
                          std::size_t& tested) {
  TypologyFinding best;
  items.clear();
  std::int32_t first = INT32_MAX, last = INT32_MIN;
  for (std::uint64_t pi = net.pairOutOffset[u]; pi < net.pairOutOffset[u + 1]; ++pi) {
    std::int32_t previous = INT32_MIN;
    std::size_t days = 0;
    for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k) {
      const auto day = static_cast<std::int32_t>(net.time[net.pairTxn[k]] / 86400);
      first = std::min(first, day);
      last = std::max(last, day);
      if (day != previous) ++days;
      previous = day;
    }
    if (days > static_cast<std::size_t>(o.occasionalDays)) continue;
    // One item per day the payee was paid: its first payment that day.
    std::int32_t seen = INT32_MIN;
    for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k) {
      const std::uint32_t t = net.pairTxn[k];
      const auto day = static_cast<std::int32_t>(net.time[t] / 86400);
      if (day != seen) items.push_back({net.cents[t], day, t});
      seen = day;
    }
  }
  if (items.size() < static_cast<std::size_t>(o.fanOutMinPayees)) return best;
  ++tested;
  const double span = std::max(30, last - first + 1);
  const double mu = static_cast<double>(items.size()) * o.fanOutDays / span;
  std::sort(items.begin(), items.end(), [](const Item& p, const Item& q) { return p.day < q.day; });
  std::size_t start = 0;
  std::unordered_map<std::uint32_t, int> inBand;  // payee -> its items in the band
  for (std::size_t e = 0; e < items.size(); ++e) {
    while (items[e].day - items[start].day >= o.fanOutDays) ++start;
    if (e + 1 < items.size() && items[e + 1].day == items[e].day) continue;  // windows end on a day
    if (e - start + 1 < static_cast<std::size_t>(o.fanOutMinPayees)) continue;
    // The largest group of distinct payees with near-equal sums in the window.
    window.assign(items.begin() + static_cast<std::ptrdiff_t>(start),
                  items.begin() + static_cast<std::ptrdiff_t>(e + 1));
    std::sort(window.begin(), window.end(),
              [](const Item& p, const Item& q) { return p.cents < q.cents; });
    std::size_t bestFrom = 0, bestTo = 0, bestCount = 0;
    inBand.clear();
    for (std::size_t i = 0, j = 0; i < window.size(); ++i) {
      while (j < window.size() &&
             static_cast<double>(window[j].cents) <= static_cast<double>(window[i].cents) * o.band)
        ++inBand[net.payee[window[j++].pair]];
      if (inBand.size() > bestCount) bestFrom = i, bestTo = j, bestCount = inBand.size();
      if (--inBand[net.payee[window[i].pair]] == 0) inBand.erase(net.payee[window[i].pair]);
    }
    const double k = static_cast<double>(bestCount);
    if (k < o.fanOutMinPayees || k <= mu) continue;
    const double score = -logPoissonTail(mu, k) - std::log(span / o.fanOutDays);
    if (score <= best.score) continue;
    best.score = score;
    best.members.assign(1, u);
    best.txns.clear();
    best.cents = 0;
    for (std::size_t m = bestFrom; m < bestTo; ++m) {
      best.members.push_back(net.payee[window[m].pair]);
      best.txns.push_back(window[m].pair);
      best.cents += window[m].cents;
    }
    std::sort(best.members.begin() + 1, best.members.end());
    best.members.erase(std::unique(best.members.begin() + 1, best.members.end()),
                       best.members.end());
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "paid %d occasional payees near-equal sums within %d days; at its usual pace "
                  "%.2f would be expected",
                  static_cast<int>(k), o.fanOutDays, mu);
    best.detail = buf;
  }
  return best;
}

}  // namespace

std::vector<TypologyFinding> FanDetector::fanOutBursts(const PaymentNetwork& net, const Options& o,
                                                       std::size_t& tested) {
  std::vector<TypologyFinding> found[2];
  std::size_t looked[2] = {0, 0};
  inTwoHalves(net.partyCount(), [&](std::size_t first, std::size_t last) {
    const int half = first == 0 ? 0 : 1;
    std::vector<Item> items, window;
    for (auto u = static_cast<std::uint32_t>(first); u < last; ++u) {
      auto g = bestBurst(net, o, u, items, window, looked[half]);
      if (g.score > 0) found[half].push_back(std::move(g));
    }
  });
  tested = looked[0] + looked[1];
  found[0].insert(found[0].end(), std::make_move_iterator(found[1].begin()),
                  std::make_move_iterator(found[1].end()));
  return found[0];
}

}  // namespace aviary::supplychain
