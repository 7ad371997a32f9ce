#pragma once

#include "PartyProfile.h"
#include "SupplyChainAnalysis.h"

namespace aviary::supplychain {

// Roles, tiers and brands from the inferred supply graph alone (names and industries are not
// consulted): a brand sells to dealers and buys only from sources, or issues certificates;
// tiers count steps down from the brands; a dealer that sells mostly to firms is a
// distributor (tier 1) or wholesaler (deeper), one that sells mostly to people a retailer;
// people who buy from dealers are consumers. Fills entities' role, tier and brands, and
// isFirm for parties the registry and names left open but that trade as firms.
class SupplyRoleAssigner {
 public:
  static void assign(const PaymentNetwork& net, const PartyProfile& profile,
                     SupplyChainAnalysis& out);
};

}  // namespace aviary::supplychain
