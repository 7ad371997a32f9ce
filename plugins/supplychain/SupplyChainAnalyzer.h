#pragma once

#include <memory>

#include "SupplyChainAnalysis.h"

namespace aviary::supplychain {

// Rebuilds the trade network from payments: supplies/controls/same_person relations,
// roles, tiers and brands, each dealer's own trade, network standing, risk flags, limits.
class SupplyChainAnalyzer {
 public:
  struct Options {
    std::int32_t asOfDay = 0;  // 0 = the day after the last payment
  };

  static SupplyChainAnalysis analyze(std::shared_ptr<const PaymentNetwork> network,
                                     const Options& options);
};

}  // namespace aviary::supplychain
