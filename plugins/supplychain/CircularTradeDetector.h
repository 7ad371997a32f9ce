#pragma once

#include <cstdint>
#include <vector>

#include "AmountView.h"
#include "PaymentNetwork.h"
#include "TypologyFinding.h"

namespace aviary::supplychain {

// Circular trade: money that goes round 3..maxLength parties and comes back, each hop no
// earlier than the one before, all within the window, each hop's sum at most `maxShrink`
// below the one before (fees, discounts) and barely above it. Strongly connected components
// (igraph) of the graph of parties that may be firms limit the search. A cycle's score adds,
// for every hop after the first, -ln(payments that hop could have taken x share of all
// payments as close in amount); a ring (the same members) adds up its rounds that share no
// payment.
class CircularTradeDetector {
 public:
  struct Options {
    int maxLength = 6;
    int windowDays = 90;
    double maxShrink = 0.2;
    double maxGrowth = 0.02;
    std::size_t budgetPerStart = 500;       // payments looked at from one first payment
    std::size_t budgetPerCore = 200000000;  // and in all, on each of the two cores
  };

  // The payments a ring can use: between parties that may be firms, in one strongly
  // connected component of three or more, the first of a pair's same-day repeats of a sum
  // (`tokenStart`); per party out and in, in time order.
  struct Candidates {
    std::vector<std::uint64_t> outOffset, inOffset;
    std::vector<std::uint32_t> out, in;
  };
  static Candidates candidates(const PaymentNetwork& net,
                               const std::vector<std::uint8_t>& maybeFirm,
                               const std::vector<std::uint8_t>& tokenStart);

  static std::vector<TypologyFinding> detect(const PaymentNetwork& net, const AmountView& amounts,
                                             const Candidates& candidates, const Options& options);
};

}  // namespace aviary::supplychain
