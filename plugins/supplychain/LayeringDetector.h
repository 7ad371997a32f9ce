#pragma once

#include <vector>

#include "AmountView.h"
#include "PaymentNetwork.h"
#include "TypologyFinding.h"

namespace aviary::supplychain {

// Layering: money passed from account to account in equal or slightly smaller sums. A link is
// a party that received a sum and paid out one within `maxShrink` below it, within the window
// (in either order: simulated and real schedules do not always keep it); it counts when the
// match is unlikely by chance, -ln(pairs of payments compared at that party x share of all
// payments with amounts that close).
class LayeringDetector {
 public:
  struct Options {
    int windowDays = 90;
    double maxShrink = 0.2;
    double minLinkScore = 4.0;
  };
  // Every link as a finding of its own: payer, party in the middle, payee; both payments.
  static std::vector<TypologyFinding> links(const PaymentNetwork& net, const AmountView& amounts,
                                            const Options& options);
  // Links that share a payment joined into chains; a chain's score is the sum of its links'.
  static std::vector<TypologyFinding> chains(const PaymentNetwork& net,
                                             const std::vector<TypologyFinding>& links);
};

}  // namespace aviary::supplychain
