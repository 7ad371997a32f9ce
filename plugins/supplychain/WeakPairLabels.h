#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "PartyProfile.h"
#include "PaymentNetwork.h"
#include "SupplyPairFeatures.h"

namespace aviary::supplychain {

// Labels that a data set gives about its own pairs without anyone labelling them.
// Supplies: a brand's certificate says its dealer buys from it; memos that name goods say the
// same; so does a resale chain, where a firm pays another in varying sums over three months
// or more and the payee passes at least 30% of what it receives on (resellers pay their own
// suppliers). Not supplies: payments to or from people; memos of wages, rent, utilities, tax
// and loans; payees in utilities, finance, property or government; the same sum every month
// (rent, wages, instalments); money that mostly flows back (refunds); sinks that collect from
// ten or more payers and pass on under 5% (utilities, tax, fees); pure sources that pay ten
// or more and receive nothing (card acquirers, lenders, platforms). A pair that two rules
// disagree on stays unlabelled.
struct WeakPairLabels {
  enum Rule : std::uint8_t {
    kUnlabelled,
    kCertificate,
    kGoodsMemo,
    kPayeePerson,
    kPayerPerson,
    kOverheadMemo,
    kOverheadIndustry,
    kFixedRecurring,
    kReverseFlow,
    kSinkPayee,
    kSourcePayer,
    kResaleChain,
    kRules
  };
  std::vector<std::int8_t> label;  // per pair: 1 supplies, 0 does not, -1 unknown
  std::vector<Rule> rule;          // the rule that decided
  std::array<std::size_t, kRules> counts{};
  std::size_t positives = 0, negatives = 0;

  static WeakPairLabels build(const PaymentNetwork& net, const PartyProfile& profile,
                              const SupplyPairFeatures& features);
  static const char* ruleName(Rule rule);
};

}  // namespace aviary::supplychain
