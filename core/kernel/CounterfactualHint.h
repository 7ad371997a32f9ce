#pragma once

#include <string>

namespace aviary {

// Evidence a merchant could add, and what it would prove: the kernel picks the hint whose
// improved value raises the limit most.
struct CounterfactualHint {
  std::string segment;
  std::string value;  // the value it improves, e.g. "credentials.documented_monthly_revenue_cny"
  double improvedValue = 0;      // what the value would plausibly become with that evidence
  double improvementFactor = 1;  // or: the current value times this
  std::string text;              // what to bring, in plain language
};

}  // namespace aviary
