#pragma once

#include <memory>
#include <vector>

#include "AmountView.h"
#include "PaymentNetwork.h"
#include "TypologyFinding.h"

namespace aviary::supplychain {

// Fan-in: several occasional payers (on at most `occasionalDays` days; a regular customer,
// tenant or subscriber is not part of a fan-in) pay one account near-equal sums within the
// window. Each payer counts once, by the median sum and day of its payments to the account.
// A group's score adds up its evidence, each part as -ln of a chance: that so many of the
// occasional payers of those days fall in so narrow a band of amounts (binomial, with the
// band's share of all payments in the data set, or of the account's other payments in if
// larger: a utility's bills agree by nature), and that members paid in bursts of several
// payments on one day (as rare as such bursts are in this data set); less ln of the groups
// tried. Each account keeps its strongest group; a null copy that keeps every payer's own
// amounts calibrates the scores.
//
// Fan-out: one account pays many payees it pays only now and then, near-equal sums within a
// few days, far more of them than its own pace would give: -ln of the Poisson chance of so
// many in one window at the account's average rate, less ln of the windows it had. One payer
// choosing equal sums is no coincidence (a payer may pay everyone the same), so the evidence
// is the timing; a payer's regular payees (wages, rent) do not count.
class FanDetector {
 public:
  struct Options {
    int windowDays = 90;
    double band = 1.25;  // largest / smallest sum in a group
    int minCounterparties = 2;
    std::size_t maxCounterparties = 5000;  // larger parties are skipped
    int fanOutDays = 3;
    int fanOutMinPayees = 3;
    int occasionalDays = 3;  // a counterparty paid on at most this many days is an occasional one
  };
  // Summarises every pair once (median sum and day, days paid, same-day bursts).
  FanDetector(const PaymentNetwork& net, const AmountView& amounts);
  ~FanDetector();
  FanDetector(const FanDetector&) = delete;
  FanDetector& operator=(const FanDetector&) = delete;

  // `nullSeed` != 0: the null copy, in which each payer's typical sums (its pairs') go to its
  // payees in a shuffled order (payers of a single payee swap theirs among themselves):
  // every payer keeps its habits, agreement between payers goes.
  std::vector<TypologyFinding> fanIns(const Options& options, std::uint64_t nullSeed = 0) const;
  // The mirror: occasional payees one account paid near-equal sums, each in bursts of repeats
  // on one day. One payer chose all the sums, so their agreement is no evidence: the score
  // is the bursts' rarity in this data set. `tested`: payers with enough occasional payees.
  std::vector<TypologyFinding> fanOutRepeats(const Options& options, std::size_t& tested) const;
  // Bursts: `tested` says how many payers had enough occasional payees to be looked at.
  static std::vector<TypologyFinding> fanOutBursts(const PaymentNetwork& net,
                                                   const Options& options, std::size_t& tested);

  struct PairSummary {
    std::vector<std::int64_t> cents;
    std::vector<std::int32_t> day;
    std::vector<std::uint32_t> burst, days;
    std::vector<double> logBurstTail;  // ln of the share of (pair, day)s with a burst that large
  };

 private:
  const PaymentNetwork& net_;
  const AmountView& amounts_;
  std::unique_ptr<PairSummary> pairs_;
};

}  // namespace aviary::supplychain
