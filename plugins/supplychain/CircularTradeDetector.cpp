#include "CircularTradeDetector.h"

#include <algorithm>
#include <exception>
#include <map>
#include <thread>

#include <igraph/igraph.h>

namespace aviary::supplychain {
namespace {

// Strong components of the candidate graph via igraph; returns the component of each node.
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

}  // namespace

std::vector<CircularTradeDetector::Ring> CircularTradeDetector::detect(
    const PaymentNetwork& net, const std::vector<std::uint8_t>& isFirm, const Options& o) {
  const std::size_t n = net.partyCount();
  auto candidate = [&](std::uint32_t t) {
    return net.cents[t] >= o.minCents && isFirm[net.payer[t]] && isFirm[net.payee[t]];
  };
  std::vector<std::uint32_t> from, to;
  for (const auto& p : net.pairs) {
    if (!isFirm[p.payer] || !isFirm[p.payee]) continue;
    from.push_back(p.payer);
    to.push_back(p.payee);
  }
  std::vector<igraph_integer_t> sizes;
  const auto comp = strongComponents(n, from, to, sizes);
  auto onCycle = [&](std::uint32_t a, std::uint32_t b) {
    return comp[a] == comp[b] && sizes[static_cast<std::size_t>(comp[a])] >= 3;
  };

  // Candidate out-lists, time-ordered (the network's CSR already is).
  std::vector<std::uint64_t> offset(n + 1, 0);
  std::vector<std::uint32_t> items;
  for (std::uint32_t v = 0; v < n; ++v) {
    for (std::uint64_t k = net.outOffset[v]; k < net.outOffset[v + 1]; ++k) {
      const std::uint32_t t = net.outTxn[k];
      if (candidate(t) && onCycle(v, net.payee[t])) items.push_back(t);
    }
    offset[v + 1] = items.size();
  }

  // The search from each first payment is independent: the first parties are split in two
  // halves of the candidate payments, searched on two cores, and the rings found merged.
  using RingsByMembers = std::map<std::vector<std::uint32_t>, Ring>;
  auto search = [&](std::uint32_t firstParty, std::uint32_t lastParty, RingsByMembers& rings) {
    std::vector<std::uint32_t> pathTxn, pathNode;
    std::size_t budget = 0;
    for (std::uint32_t v0 = firstParty; v0 < lastParty; ++v0)
      for (std::uint64_t k0 = offset[v0]; k0 < offset[v0 + 1]; ++k0) {
        const std::uint32_t t0 = items[k0];
        const double a0 = static_cast<double>(net.cents[t0]);
        const double lo = a0 * (1 - o.tolerance), hi = a0 * (1 + o.tolerance);
        const std::int64_t deadline = net.time[t0] + o.windowSeconds;
        pathTxn.assign(1, t0);
        pathNode.assign({v0, net.payee[t0]});
        budget = 0;
        // Depth-first search along later, similar-sized payments back to v0.
        auto dfs = [&](auto&& self, std::uint32_t w, std::int64_t after) -> void {
          if (++budget > 20000) return;
          const auto first = items.begin() + static_cast<std::ptrdiff_t>(offset[w]);
          const auto last = items.begin() + static_cast<std::ptrdiff_t>(offset[w + 1]);
          auto it = std::lower_bound(
              first, last, after, [&](std::uint32_t t, std::int64_t x) { return net.time[t] < x; });
          for (; it != last && net.time[*it] <= deadline; ++it) {
            const std::uint32_t t = *it;
            const double a = static_cast<double>(net.cents[t]);
            if (a < lo || a > hi || t == pathTxn.back()) continue;
            const std::uint32_t x = net.payee[t];
            if (x == v0) {
              if (pathTxn.size() + 1 >= 3) {
                std::vector<std::uint32_t> members(pathNode.begin(), pathNode.end());
                std::sort(members.begin(), members.end());
                Ring& ring = rings[members];
                ring.members = members;
                ++ring.rounds;
                for (std::uint32_t pt : pathTxn) ring.txns.push_back(pt);
                ring.txns.push_back(t);
              }
              continue;
            }
            if (static_cast<int>(pathNode.size()) >= o.maxLength) continue;
            if (std::find(pathNode.begin(), pathNode.end(), x) != pathNode.end()) continue;
            pathTxn.push_back(t);
            pathNode.push_back(x);
            self(self, x, net.time[t]);
            pathTxn.pop_back();
            pathNode.pop_back();
          }
        };
        dfs(dfs, net.payee[t0], net.time[t0]);
      }
  };
  const auto half = static_cast<std::uint32_t>(
      std::upper_bound(offset.begin(), offset.end(), items.size() / 2) - offset.begin() - 1);
  const std::uint32_t split = std::min<std::uint32_t>(half, static_cast<std::uint32_t>(n));
  RingsByMembers rings, later;
  std::exception_ptr error;
  std::thread second([&] {
    try {
      search(split, static_cast<std::uint32_t>(n), later);
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    search(0, split, rings);
  } catch (...) {
    second.join();
    throw;
  }
  second.join();
  if (error) std::rethrow_exception(error);
  for (auto& [members, ring] : later) {
    Ring& into = rings[members];
    into.members = members;
    into.rounds += ring.rounds;
    into.txns.insert(into.txns.end(), ring.txns.begin(), ring.txns.end());
  }

  std::vector<Ring> out;
  for (auto& [members, ring] : rings) {
    std::sort(ring.txns.begin(), ring.txns.end());
    ring.txns.erase(std::unique(ring.txns.begin(), ring.txns.end()), ring.txns.end());
    if (ring.rounds < o.minRounds) continue;
    for (std::uint32_t t : ring.txns) ring.cents += net.cents[t];
    out.push_back(std::move(ring));
  }
  return out;
}

}  // namespace aviary::supplychain
