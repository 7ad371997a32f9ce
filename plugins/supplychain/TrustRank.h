#pragma once

#include <cstdint>
#include <vector>

namespace aviary::supplychain {

// Personalised PageRank (TrustRank when the teleport vector sits on trusted seeds) over a
// CSR graph, pull-style: each node sums what its in-neighbours send, so one iteration is a
// single sequential pass over the in-edges.
class TrustRank {
 public:
  struct Graph {
    std::vector<std::uint64_t> inOffset;  // n + 1
    std::vector<std::uint32_t> inSource;  // source of each in-edge
    std::vector<float> inWeight;          // empty = every edge weighs 1
    std::vector<double> outWeight;        // total out-weight per node (out-degree if unweighted)
    std::size_t nodes() const { return inOffset.empty() ? 0 : inOffset.size() - 1; }
  };

  struct Result {
    std::vector<double> rank;
    int iterations = 0;
    double residual = 0;
  };

  // Builds the in-CSR from an edge list (weights may be empty).
  static Graph fromEdges(std::size_t nodes, const std::vector<std::uint32_t>& from,
                         const std::vector<std::uint32_t>& to, const std::vector<float>& weight);

  // `teleport` sums to 1; dangling nodes' rank is sent back along `teleport`.
  static Result run(const Graph& graph, const std::vector<double>& teleport, double damping = 0.85,
                    int maxIterations = 100, double tolerance = 1e-9);
};

}  // namespace aviary::supplychain
