#pragma once

#include <cstdint>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

// The payment amounts a typology search looks at, and how common a range of amounts is in
// the data set. Besides the real amounts there are null copies, so that what a search finds
// in them is what chance alone finds in this very data set; thresholds come from that
// comparison (typologyThreshold). Amounts are counted by token: a pair's payments on one day
// with the same sum (a burst of repeats) count once, and move together in a null copy.
class AmountView {
 public:
  // Each payment's token and each token's sum.
  struct Tokens {
    std::vector<std::uint32_t> ofTxn;
    std::vector<std::int64_t> sums;
    std::vector<std::uint32_t> firstTxn;
    static Tokens build(const PaymentNetwork& net);
  };

  static AmountView real(const PaymentNetwork& net, const Tokens& tokens);
  // The sums of all tokens shuffled among all tokens: no party keeps its habits or scale.
  // `real` lends its distribution: the sums are the same, only shuffled.
  static AmountView shuffledGlobally(const PaymentNetwork& net, const Tokens& tokens,
                                     const AmountView& real, std::uint64_t seed);

  std::int64_t cents(std::uint32_t txn) const { return cents_[txn]; }
  // Share of tokens whose sum lies within half a percent of [lo, hi] cents (at least one
  // token's share): sums that close count as the same.
  double mass(std::int64_t lo, std::int64_t hi) const;
  // About the largest amount lo <= hi with mass(lo, hi) <= share (hi itself when none).
  std::int64_t lowestWithin(std::int64_t hi, double share) const;

 private:
  void countSums(const std::vector<std::int64_t>& sums);
  std::size_t bin(double cents) const;

  const std::int64_t* cents_ = nullptr;
  std::vector<std::int64_t> own_;          // a null copy's amounts
  std::vector<std::uint32_t> cumulative_;  // tokens per fine bin of ln(cents), summed
  double total_ = 0;
};

}  // namespace aviary::supplychain
