#pragma once

#include <cstdint>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

// The payment amounts a typology search looks at, and how common a range of amounts is in the
// data set. Besides the real amounts there are null copies. In one, each payer keeps its own
// amounts, but which payee received which pair's payments is shuffled among that payer's payees.
// The null keeps every party's habits (a payer that always pays the same sum still does) and
// destroys any agreement between parties, so what a search finds in it is what chance alone
// finds in this very data set; thresholds come from that comparison (TypologyThreshold).
class AmountView {
 public:
  static AmountView real(const PaymentNetwork& net);
  static AmountView shuffledWithinPayers(const PaymentNetwork& net, std::uint64_t seed);
  // A null copy in which every payment keeps its size to within `binRatio` but its exact sum
  // is another payment's of about that size: what is big stays big, and no two payments
  // agree more than sizes alone make them. For searches that ask whether one party passes
  // on the very sum another paid it (layering, rings, shells).
  static AmountView shuffledWithinSizes(const PaymentNetwork& net, std::uint64_t seed,
                                        double binRatio = 1.1);
  // A null copy with the sums of all tokens shuffled among all tokens: no party keeps its
  // habits or its scale.
  static AmountView shuffledGlobally(const PaymentNetwork& net, std::uint64_t seed) {
    return shuffledWithinSizes(net, seed, 1e12);
  }

  std::int64_t cents(std::uint32_t txn) const { return cents_[txn]; }
  // Share of payments (a pair's same-day repeats of one sum counting once) whose amount lies
  // within half a percent of [lo, hi] cents; at least one payment's share.
  double mass(std::int64_t lo, std::int64_t hi) const;
  // The largest amount lo <= hi such that mass(lo, hi) <= share (hi itself when none).
  std::int64_t lowestWithin(std::int64_t hi, double share) const;
  bool isNull() const { return !own_.empty(); }

 private:
  const std::int64_t* cents_ = nullptr;
  std::vector<std::int64_t> own_;     // the null copy's amounts
  std::vector<std::int64_t> sorted_;  // a sorted sample of all amounts
};

}  // namespace aviary::supplychain
