#pragma once

#include <cstdint>
#include <vector>

#include "AmountView.h"
#include "PaymentNetwork.h"
#include "TypologyFinding.h"

namespace aviary::supplychain {

// Pass-through shells: young firms (by the registry, else by their first payment) that pay
// on what they receive within days, whole or in parts, less a small fee, and spend next to
// nothing on rent, wages, utilities or tax.
class ShellDetector {
 public:
  struct Options {
    std::int32_t asOfDay = 0;
    std::int32_t youngDays = 3 * 365;
    std::int64_t forwardSeconds = 7 * 86400;
    double maxFee = 0.15;            // a single forward keeps at most this share
    double minForwardedShare = 0.7;  // of the money that left, share matched to an inflow
    double maxOverheadShare = 0.1;   // of the money that left
    int minForwards = 3;
  };

  // `isOverhead[t]`: transaction t is rent, wages, utilities or tax (by memo or payee).
  // Findings: the shell first, then its counterparties; score = share of its outflow passed on
  // x payments passed on. Amounts come from `amounts` (real or a null copy).
  static std::vector<TypologyFinding> detect(const PaymentNetwork& net, const AmountView& amounts,
                                             const std::vector<std::uint8_t>& maybeFirm,
                                             const std::vector<std::uint8_t>& isOverhead,
                                             const Options& options);
};

}  // namespace aviary::supplychain
