#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "PartyProfile.h"
#include "PaymentNetwork.h"

namespace aviary::supplychain {

// One row of numbers per (payer, payee) pair of the network, asking "does the payee supply
// the payer?". Structure comes first: how the payments recur, how regular they are, their
// amounts, which way the money goes, the two parties' degrees and whether each passes money
// on. Memos, registry kinds, industries and channels are extra columns that are missing
// (NaN) wherever the data lacks them; the learned ones (memo text, industry, channel) are
// filled in later from weak labels (SupplyPairModel).
class SupplyPairFeatures {
 public:
  enum Column : std::uint8_t {
    kLogTxns,
    kMonths,
    kMonthCoverage,
    kSpanShare,
    kIntervalCv,
    kAmountCv,
    kFixedAmountShare,
    kRoundShare,
    kLogMedianAmount,
    kDayOfMonthFocus,
    kSameDayRepeats,
    kReverseShare,
    kShareOfPayerOut,
    kShareOfPayeeIn,
    kPayeeForwards,
    kPayerFunded,
    kPayerPayees,
    kPayerPayers,
    kPayeePayers,
    kPayeePayees,
    kPayeeFixedInShare,
    kAmountVsPayeeTypical,
    kPayerBuysRecurring,
    kPayeeSellsRecurring,
    kMemoGoods,
    kMemoOverhead,
    kMemoFinance,
    kMemoOther,
    kMemoText,
    kPayerPerson,
    kPayeePerson,
    kRelated,
    kPayeeOverheadIndustry,
    kPayeeIndustry,
    kPayerIndustry,
    kChannel,
    kColumns
  };
  static constexpr std::size_t kWidth = kColumns;
  static const char* name(std::size_t column);
  // Columns that come from side information a bank may not export.
  static bool isMemoColumn(std::size_t c) { return c >= kMemoGoods && c <= kMemoText; }
  static bool isRegistryColumn(std::size_t c) { return c >= kPayerPerson && c <= kPayerIndustry; }

  // Row p describes net.pairs[p]; values are row-major floats, NaN for missing.
  std::vector<float> values;
  // Per pair: the median amount in cents, the share of payments at that amount.
  std::vector<std::int64_t> medianCents;
  std::size_t rows() const { return values.size() / kWidth; }
  float at(std::size_t row, std::size_t column) const { return values[row * kWidth + column]; }
  float& at(std::size_t row, std::size_t column) { return values[row * kWidth + column]; }

  // Two threads share the pairs.
  static SupplyPairFeatures build(const PaymentNetwork& net, const PartyProfile& profile);

  static constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
};

}  // namespace aviary::supplychain
