#include "TrustRank.h"

#include <cmath>
#include <numeric>

namespace aviary::supplychain {

TrustRank::Graph TrustRank::fromEdges(std::size_t n, const std::vector<std::uint32_t>& from,
                                      const std::vector<std::uint32_t>& to,
                                      const std::vector<float>& weight) {
  Graph g;
  g.inOffset.assign(n + 1, 0);
  g.outWeight.assign(n, 0.0);
  for (std::size_t e = 0; e < to.size(); ++e) {
    ++g.inOffset[to[e] + 1];
    g.outWeight[from[e]] += weight.empty() ? 1.0 : weight[e];
  }
  std::partial_sum(g.inOffset.begin(), g.inOffset.end(), g.inOffset.begin());
  g.inSource.resize(to.size());
  if (!weight.empty()) g.inWeight.resize(to.size());
  std::vector<std::uint64_t> cursor(g.inOffset.begin(), g.inOffset.end() - 1);
  for (std::size_t e = 0; e < to.size(); ++e) {
    const std::uint64_t k = cursor[to[e]]++;
    g.inSource[k] = from[e];
    if (!weight.empty()) g.inWeight[k] = weight[e];
  }
  return g;
}

TrustRank::Result TrustRank::run(const Graph& g, const std::vector<double>& teleport,
                                 double damping, int maxIterations, double tolerance) {
  const std::size_t n = g.nodes();
  Result result;
  result.rank = teleport;
  std::vector<double> share(n), next(n);
  for (int it = 0; it < maxIterations; ++it) {
    double dangling = 0;
    for (std::size_t u = 0; u < n; ++u) {
      if (g.outWeight[u] > 0)
        share[u] = result.rank[u] / g.outWeight[u];
      else {
        share[u] = 0;
        dangling += result.rank[u];
      }
    }
    const double base = 1.0 - damping + damping * dangling;
    double residual = 0;
    const bool weighted = !g.inWeight.empty();
    for (std::size_t v = 0; v < n; ++v) {
      double sum = 0;
      const std::uint64_t end = g.inOffset[v + 1];
      if (weighted)
        for (std::uint64_t k = g.inOffset[v]; k < end; ++k)
          sum += share[g.inSource[k]] * g.inWeight[k];
      else
        for (std::uint64_t k = g.inOffset[v]; k < end; ++k) sum += share[g.inSource[k]];
      next[v] = base * teleport[v] + damping * sum;
      residual += std::fabs(next[v] - result.rank[v]);
    }
    result.rank.swap(next);
    result.iterations = it + 1;
    result.residual = residual;
    if (residual < tolerance) break;
  }
  return result;
}

}  // namespace aviary::supplychain
