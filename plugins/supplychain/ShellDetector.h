#pragma once

#include <cstdint>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

// Pass-through shells: young firms whose incoming money leaves again within hours in
// near-equal sums, and which pay no rent, wages, utilities or tax.
class ShellDetector {
 public:
  struct Options {
    std::int32_t asOfDay = 0;
    std::int32_t youngDays = 540;  // younger than ~18 months at as-of
    std::int64_t forwardSeconds = 24 * 3600;
    double minForwardedShare = 0.7;  // of the money that left, share matched to an inflow
    int minInflows = 3;
  };
  struct Shell {
    std::uint32_t party = 0;
    double forwardedShare = 0;
    double medianLagHours = 0;
    std::vector<std::uint32_t> txns;  // matched in/out transactions
    std::vector<std::uint32_t> counterparties;
  };

  // `isOverhead[t]`: transaction t is rent, wages, utilities or tax (by memo or payee).
  static std::vector<Shell> detect(const PaymentNetwork& net,
                                   const std::vector<std::uint8_t>& isFirm,
                                   const std::vector<std::uint8_t>& isOverhead,
                                   const Options& options);
};

}  // namespace aviary::supplychain
