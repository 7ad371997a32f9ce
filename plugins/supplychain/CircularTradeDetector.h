#pragma once

#include <cstdint>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

// Finds circular trade: money that goes round 3..maxLength firms, each hop later than the
// one before, all hops within `window` of the first and within `tolerance` of its amount.
// Strongly connected components (igraph) of the firm-to-firm graph limit the search to
// parties that can lie on a cycle at all.
class CircularTradeDetector {
 public:
  struct Options {
    int maxLength = 6;
    std::int64_t windowSeconds = 14 * 86400;
    double tolerance = 0.03;
    std::int64_t minCents = 1000000;  // 10,000 yuan: below that a cycle is not worth a flag
    int minRounds = 2;                // the same members cycling at least this often
  };
  struct Ring {
    std::vector<std::uint32_t> members;  // parties, sorted
    std::vector<std::uint32_t> txns;     // every transaction on one of its cycles
    std::int64_t cents = 0;
    int rounds = 0;
  };

  static std::vector<Ring> detect(const PaymentNetwork& net,
                                  const std::vector<std::uint8_t>& isFirm, const Options& options);
};

}  // namespace aviary::supplychain
