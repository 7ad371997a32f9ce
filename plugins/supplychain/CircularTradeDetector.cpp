#include "CircularTradeDetector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <igraph/igraph.h>

#include "TwoCores.h"

namespace aviary::supplychain {
namespace {

// Strong components via igraph; the component of each node and each component's size.
std::vector<igraph_integer_t> strongComponents(std::size_t n,
                                               const std::vector<std::uint32_t>& from,
                                               const std::vector<std::uint32_t>& to,
                                               std::vector<igraph_integer_t>& sizes) {
  igraph_vector_int_t edges;
  igraph_vector_int_init(&edges, static_cast<igraph_integer_t>(2 * from.size()));
  for (std::size_t e = 0; e < from.size(); ++e) {
    VECTOR(edges)[2 * e] = from[e];
    VECTOR(edges)[2 * e + 1] = to[e];
  }
  igraph_t graph;
  igraph_create(&graph, &edges, static_cast<igraph_integer_t>(n), IGRAPH_DIRECTED);
  igraph_vector_int_t membership, csize;
  igraph_vector_int_init(&membership, 0);
  igraph_vector_int_init(&csize, 0);
  igraph_integer_t count = 0;
  igraph_connected_components(&graph, &membership, &csize, &count, IGRAPH_STRONG);
  std::vector<igraph_integer_t> out(n);
  for (std::size_t v = 0; v < n; ++v) out[v] = VECTOR(membership)[v];
  sizes.assign(static_cast<std::size_t>(count), 0);
  for (igraph_integer_t c = 0; c < count; ++c)
    sizes[static_cast<std::size_t>(c)] = VECTOR(csize)[c];
  igraph_vector_int_destroy(&membership);
  igraph_vector_int_destroy(&csize);
  igraph_destroy(&graph);
  igraph_vector_int_destroy(&edges);
  return out;
}

struct Cycle {
  std::vector<std::uint32_t> members, txns;  // members sorted; txns sorted
  double score;
};

class Search {
 public:
  // `items`: each party's candidate payments out, in time order; `byAmount` the same by sum.
  Search(const PaymentNetwork& net, const AmountView& a, const CircularTradeDetector::Options& o,
         const std::vector<std::uint64_t>& offset, const std::vector<std::uint32_t>& items,
         const std::vector<std::uint32_t>& byAmount)
      : net_(net), a_(a), o_(o), offset_(offset), items_(items), byAmount_(byAmount) {}

  // False once this search has used its share of the work.
  bool from(std::uint32_t v0, std::uint32_t t0, std::vector<Cycle>& found) {
    if (spent_ > o_.budgetPerCore) return false;
    v0_ = v0;
    deadline_ = net_.time[t0] + std::int64_t{o_.windowDays} * 86400;
    budget_ = 0;
    pathTxn_.assign(1, t0);
    pathNode_.assign({v0, net_.payee[t0]});
    scores_.assign(1, 0.0);
    found_ = &found;
    step(net_.payee[t0], net_.time[t0], a_.cents(t0));
    spent_ += budget_;
    return true;
  }

 private:
  void step(std::uint32_t w, std::int64_t after, std::int64_t amount) {
    const auto first = items_.begin() + static_cast<std::ptrdiff_t>(offset_[w]);
    const auto last = items_.begin() + static_cast<std::ptrdiff_t>(offset_[w + 1]);
    auto it = std::lower_bound(first, last, after,
                               [&](std::uint32_t t, std::int64_t x) { return net_.time[t] < x; });
    const auto end = std::upper_bound(
        it, last, deadline_, [&](std::int64_t x, std::uint32_t t) { return x < net_.time[t]; });
    const double choices = static_cast<double>(end - it);
    const auto lo =
        static_cast<std::int64_t>(std::ceil(static_cast<double>(amount) * (1 - o_.maxShrink)));
    const auto hi = static_cast<std::int64_t>(static_cast<double>(amount) * (1 + o_.maxGrowth));
    // The payments in the band of sums, then those in the window of time.
    const auto aFirst = byAmount_.begin() + static_cast<std::ptrdiff_t>(offset_[w]);
    const auto aLast = byAmount_.begin() + static_cast<std::ptrdiff_t>(offset_[w + 1]);
    auto band = std::lower_bound(aFirst, aLast, lo,
                                 [&](std::uint32_t t, std::int64_t x) { return a_.cents(t) < x; });
    for (; band != aLast && a_.cents(*band) <= hi; ++band) {
      if (++budget_ > o_.budgetPerStart) return;
      const std::uint32_t t = *band;
      const std::int64_t c = a_.cents(t);
      if (net_.time[t] < after || net_.time[t] > deadline_ || t == pathTxn_.back()) continue;
      const double hop =
          -std::log(std::min(1.0, choices * a_.mass(std::min(c, amount), std::max(c, amount))));
      const std::uint32_t x = net_.payee[t];
      if (x == v0_) {
        if (pathTxn_.size() + 1 >= 3) close(t, hop);
        continue;
      }
      if (static_cast<int>(pathNode_.size()) >= o_.maxLength) continue;
      if (std::find(pathNode_.begin(), pathNode_.end(), x) != pathNode_.end()) continue;
      pathTxn_.push_back(t);
      pathNode_.push_back(x);
      scores_.push_back(scores_.back() + hop);
      step(x, net_.time[t], c);
      pathTxn_.pop_back();
      pathNode_.pop_back();
      scores_.pop_back();
    }
  }
  void close(std::uint32_t t, double hop) {
    Cycle c{pathNode_, pathTxn_, scores_.back() + hop};
    c.txns.push_back(t);
    std::sort(c.members.begin(), c.members.end());
    std::sort(c.txns.begin(), c.txns.end());
    found_->push_back(std::move(c));
  }

  const PaymentNetwork& net_;
  const AmountView& a_;
  const CircularTradeDetector::Options& o_;
  const std::vector<std::uint64_t>& offset_;
  const std::vector<std::uint32_t>& items_;
  const std::vector<std::uint32_t>& byAmount_;
  std::uint32_t v0_ = 0;
  std::int64_t deadline_ = 0;
  std::size_t budget_ = 0, spent_ = 0;
  std::vector<std::uint32_t> pathTxn_, pathNode_;
  std::vector<double> scores_;
  std::vector<Cycle>* found_ = nullptr;
};

// Rings: cycles by member set; rounds that share no payment add up.
std::vector<TypologyFinding> rings(const PaymentNetwork& net, const AmountView& a,
                                   std::vector<Cycle>& cycles) {
  std::sort(cycles.begin(), cycles.end(), [](const Cycle& x, const Cycle& y) {
    return x.members != y.members ? x.members < y.members : x.score > y.score;
  });
  std::vector<TypologyFinding> out;
  for (std::size_t i = 0; i < cycles.size();) {
    std::size_t j = i;
    while (j < cycles.size() && cycles[j].members == cycles[i].members) ++j;
    TypologyFinding ring;
    ring.members = cycles[i].members;
    ring.rounds = 0;
    std::vector<std::uint32_t> used;
    for (std::size_t k = i; k < j; ++k) {  // strongest first
      const auto& c = cycles[k];
      const bool disjoint = std::none_of(c.txns.begin(), c.txns.end(), [&](std::uint32_t t) {
        return std::binary_search(used.begin(), used.end(), t);
      });
      if (!disjoint) continue;
      used.insert(used.end(), c.txns.begin(), c.txns.end());
      std::sort(used.begin(), used.end());
      ring.score += c.score;
      ++ring.rounds;
    }
    ring.txns = used;
    for (std::uint32_t t : used) ring.cents += a.cents(t);
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "%d round(s) of money around %zu parties and back, each within %s", ring.rounds,
                  ring.members.size(), "90 days, sums shrinking by at most 20% a hop");
    ring.detail = buf;
    (void)net;
    out.push_back(std::move(ring));
    i = j;
  }
  return out;
}

}  // namespace

CircularTradeDetector::Candidates CircularTradeDetector::candidates(
    const PaymentNetwork& net, const std::vector<std::uint8_t>& maybeFirm,
    const std::vector<std::uint8_t>& tokenStart) {
  const std::size_t n = net.partyCount();
  std::vector<std::uint32_t> from, to;
  for (const auto& p : net.pairs)
    if (maybeFirm[p.payer] && maybeFirm[p.payee]) {
      from.push_back(p.payer);
      to.push_back(p.payee);
    }
  std::vector<igraph_integer_t> sizes;
  const auto comp = strongComponents(n, from, to, sizes);
  auto usable = [&](std::uint32_t t) {
    const std::uint32_t v = net.payer[t], w = net.payee[t];
    return tokenStart[t] && maybeFirm[v] && maybeFirm[w] && comp[v] == comp[w] &&
           sizes[static_cast<std::size_t>(comp[v])] >= 3;
  };
  Candidates c;
  c.outOffset.assign(n + 1, 0);
  c.inOffset.assign(n + 1, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    for (std::uint64_t k = net.outOffset[v]; k < net.outOffset[v + 1]; ++k)
      if (usable(net.outTxn[k])) c.out.push_back(net.outTxn[k]);
    for (std::uint64_t k = net.inOffset[v]; k < net.inOffset[v + 1]; ++k)
      if (usable(net.inTxn[k])) c.in.push_back(net.inTxn[k]);
    c.outOffset[v + 1] = c.out.size();
    c.inOffset[v + 1] = c.in.size();
  }
  return c;
}

std::vector<TypologyFinding> CircularTradeDetector::detect(const PaymentNetwork& net,
                                                           const AmountView& amounts,
                                                           const Candidates& c, const Options& o) {
  const std::size_t n = net.partyCount();
  auto sortedByAmount = [&](const std::vector<std::uint64_t>& offset,
                            std::vector<std::uint32_t> items) {
    for (std::uint32_t v = 0; v < n; ++v)
      std::sort(
          items.begin() + static_cast<std::ptrdiff_t>(offset[v]),
          items.begin() + static_cast<std::ptrdiff_t>(offset[v + 1]),
          [&](std::uint32_t x, std::uint32_t y) { return amounts.cents(x) < amounts.cents(y); });
    return items;
  };
  std::vector<std::uint32_t> outByAmount, inByAmount;
  inParallel([&] { outByAmount = sortedByAmount(c.outOffset, c.out); },
             [&] { inByAmount = sortedByAmount(c.inOffset, c.in); });
  // A first payment can start a ring only if money of a size the hops could shrink or grow
  // it to comes back to its payer within the window.
  const double shrinkAll = std::pow(1 - o.maxShrink, o.maxLength - 1);
  const double growAll = std::pow(1 + o.maxGrowth, o.maxLength - 1);
  auto returns = [&](std::uint32_t v, std::uint32_t t0) {
    const auto first = inByAmount.begin() + static_cast<std::ptrdiff_t>(c.inOffset[v]);
    const auto last = inByAmount.begin() + static_cast<std::ptrdiff_t>(c.inOffset[v + 1]);
    const auto lo = static_cast<std::int64_t>(static_cast<double>(amounts.cents(t0)) * shrinkAll);
    const auto hi = static_cast<std::int64_t>(static_cast<double>(amounts.cents(t0)) * growAll);
    const std::int64_t deadline = net.time[t0] + std::int64_t{o.windowDays} * 86400;
    auto it = std::lower_bound(
        first, last, lo, [&](std::uint32_t t, std::int64_t x) { return amounts.cents(t) < x; });
    for (std::size_t looked = 0;
         it != last && amounts.cents(*it) <= hi && looked < o.budgetPerStart; ++it, ++looked)
      if (net.time[*it] >= net.time[t0] && net.time[*it] <= deadline) return true;
    return false;
  };
  // First payments split in two halves searched on two cores.
  const auto half = static_cast<std::size_t>(
      std::upper_bound(c.outOffset.begin(), c.outOffset.end(), c.out.size() / 2) -
      c.outOffset.begin() - 1);
  const std::size_t split = std::min(half, n);
  std::vector<Cycle> first, second;
  auto search = [&](std::size_t begin, std::size_t end, std::vector<Cycle>& found) {
    Search s(net, amounts, o, c.outOffset, c.out, outByAmount);
    for (std::size_t v = begin; v < end; ++v)
      for (std::uint64_t k = c.outOffset[v]; k < c.outOffset[v + 1]; ++k)
        if (returns(static_cast<std::uint32_t>(v), c.out[k]) &&
            !s.from(static_cast<std::uint32_t>(v), c.out[k], found))
          return;
  };
  inParallel([&] { search(0, split, first); }, [&] { search(split, n, second); });
  first.insert(first.end(), std::make_move_iterator(second.begin()),
               std::make_move_iterator(second.end()));
  return rings(net, amounts, first);
}

}  // namespace aviary::supplychain
