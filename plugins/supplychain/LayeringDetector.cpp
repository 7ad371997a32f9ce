#include "LayeringDetector.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

#include "TwoCores.h"

namespace aviary::supplychain {
namespace {

struct Token {
  std::int64_t cents;
  std::int32_t day;
  std::uint32_t other;  // the counterparty
  std::uint32_t txn;    // the first payment of the same sum, day and counterparty
};
struct Link {
  std::uint32_t in, out;
  double score;
};

// Payments of one party in one direction, one token per (counterparty, day, sum).
void tokens(const PaymentNetwork& net, const AmountView& amounts, std::uint64_t begin,
            std::uint64_t end, const std::vector<std::uint32_t>& txns, bool incoming,
            std::vector<Token>& out) {
  out.clear();
  for (std::uint64_t k = begin; k < end; ++k) {
    const std::uint32_t t = txns[k];
    out.push_back({amounts.cents(t), static_cast<std::int32_t>(net.time[t] / 86400),
                   incoming ? net.payer[t] : net.payee[t], t});
  }
  std::sort(out.begin(), out.end(), [](const Token& a, const Token& b) {
    return std::tie(a.cents, a.other, a.day, a.txn) < std::tie(b.cents, b.other, b.day, b.txn);
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Token& a, const Token& b) {
                          return a.cents == b.cents && a.other == b.other && a.day == b.day;
                        }),
            out.end());
}

void linksAt(const PaymentNetwork& net, const AmountView& amounts,
             const LayeringDetector::Options& o, std::uint32_t v, std::vector<Token>& ins,
             std::vector<Token>& outs, std::vector<Link>& links) {
  // A party with so many payments in and out that even an exact match of the rarest sum
  // could not count is skipped before its payments are sorted.
  const double most = static_cast<double>(net.inOffset[v + 1] - net.inOffset[v]) *
                      static_cast<double>(net.outOffset[v + 1] - net.outOffset[v]);
  if (most == 0 || most * amounts.mass(0, 0) > std::exp(-o.minLinkScore)) return;
  tokens(net, amounts, net.inOffset[v], net.inOffset[v + 1], net.inTxn, true, ins);
  tokens(net, amounts, net.outOffset[v], net.outOffset[v + 1], net.outTxn, false, outs);
  if (ins.empty() || outs.empty()) return;
  const double compared = static_cast<double>(ins.size()) * static_cast<double>(outs.size());
  const double qmax = std::exp(-o.minLinkScore) / compared;
  for (const Token& in : ins) {
    if (amounts.mass(in.cents, in.cents) > qmax) continue;  // not even an exact match would count
    const auto floor = std::max(static_cast<std::int64_t>(std::ceil(in.cents * (1 - o.maxShrink))),
                                amounts.lowestWithin(in.cents, qmax));
    auto it = std::lower_bound(outs.begin(), outs.end(), floor,
                               [](const Token& t, std::int64_t c) { return t.cents < c; });
    for (; it != outs.end() && it->cents <= in.cents; ++it) {
      if (it->other == in.other || std::abs(it->day - in.day) > o.windowDays) continue;
      const double q = amounts.mass(it->cents, in.cents);
      const double score = -std::log(std::min(1.0, compared * q));
      if (score >= o.minLinkScore) links.push_back({in.txn, it->txn, score});
    }
  }
}

std::uint32_t root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<TypologyFinding> LayeringDetector::links(const PaymentNetwork& net,
                                                     const AmountView& amounts, const Options& o) {
  const std::size_t n = net.partyCount();
  std::vector<Link> first, second;
  inTwoHalves(n, [&](std::size_t begin, std::size_t end) {
    auto& links = begin == 0 ? first : second;
    std::vector<Token> ins, outs;
    for (std::size_t v = begin; v < end; ++v)
      linksAt(net, amounts, o, static_cast<std::uint32_t>(v), ins, outs, links);
  });
  first.insert(first.end(), second.begin(), second.end());
  std::vector<TypologyFinding> out;
  out.reserve(first.size());
  for (const Link& l : first) {
    TypologyFinding f;
    f.members = {net.payee[l.in], net.payer[l.in], net.payee[l.out]};
    f.txns = {l.in, l.out};
    f.score = l.score;
    f.cents = amounts.cents(l.in) + amounts.cents(l.out);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<TypologyFinding> LayeringDetector::chains(const PaymentNetwork& net,
                                                      const std::vector<TypologyFinding>& links) {
  if (links.empty()) return {};
  std::vector<std::uint32_t> txns;
  for (const auto& l : links) txns.insert(txns.end(), l.txns.begin(), l.txns.end());
  std::sort(txns.begin(), txns.end());
  txns.erase(std::unique(txns.begin(), txns.end()), txns.end());
  auto slot = [&](std::uint32_t t) {
    return static_cast<std::uint32_t>(std::lower_bound(txns.begin(), txns.end(), t) - txns.begin());
  };
  std::vector<std::uint32_t> parent(txns.size());
  std::iota(parent.begin(), parent.end(), 0u);
  for (const auto& l : links) parent[root(parent, slot(l.txns[0]))] = root(parent, slot(l.txns[1]));
  std::vector<std::int64_t> chainOf(txns.size(), -1);
  std::vector<TypologyFinding> chains;
  for (std::uint32_t i = 0; i < txns.size(); ++i) {
    const std::uint32_t r = root(parent, i);
    if (chainOf[r] < 0) {
      chainOf[r] = static_cast<std::int64_t>(chains.size());
      chains.emplace_back();
    }
    auto& c = chains[static_cast<std::size_t>(chainOf[r])];
    c.txns.push_back(txns[i]);
    c.members.insert(c.members.end(), {net.payer[txns[i]], net.payee[txns[i]]});
    c.cents += net.cents[txns[i]];
  }
  for (const auto& l : links)
    chains[static_cast<std::size_t>(chainOf[root(parent, slot(l.txns[0]))])].score += l.score;
  for (auto& c : chains) {
    std::sort(c.members.begin(), c.members.end());
    c.members.erase(std::unique(c.members.begin(), c.members.end()), c.members.end());
    std::int32_t lo = INT32_MAX, hi = INT32_MIN;
    std::int64_t small = INT64_MAX, large = 0;
    for (std::uint32_t t : c.txns) {
      lo = std::min(lo, static_cast<std::int32_t>(net.time[t] / 86400));
      hi = std::max(hi, static_cast<std::int32_t>(net.time[t] / 86400));
      small = std::min(small, net.cents[t]);
      large = std::max(large, net.cents[t]);
    }
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "money passed on along %zu accounts in sums of %.2f to %.2f yuan within %d days",
                  c.members.size(), static_cast<double>(small) / 100,
                  static_cast<double>(large) / 100, hi - lo + 1);
    c.detail = buf;
  }
  return chains;
}

}  // namespace aviary::supplychain
