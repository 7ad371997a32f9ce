#pragma once

#include <cstdint>
#include <string>

#include "UnderwriterAction.h"
#include "UnderwriterActionResult.h"

namespace aviary {

// Records underwriter actions. Each action is one transaction: the decision row (manual for
// a referred case, override for a decided one), the status change and an audit_log row.
// Refuses, with std::invalid_argument, a decision without a reason, a decision on a case
// the kernel has not decided yet, and a decision whose limit is above the second-approver
// threshold without a second underwriter who is not the first.
class UnderwriterActions {
 public:
  static constexpr double kDefaultSecondApproverThresholdCny = 500'000;

  explicit UnderwriterActions(std::string connectionString, double secondApproverThresholdCny =
                                                                kDefaultSecondApproverThresholdCny);

  UnderwriterActionResult apply(const UnderwriterAction& action) const;

  double secondApproverThresholdCny() const { return secondApproverThresholdCny_; }
  // True when a decision with this limit needs a second underwriter.
  bool needsSecondApprover(double limitCny) const { return limitCny > secondApproverThresholdCny_; }

 private:
  std::string connectionString_;
  double secondApproverThresholdCny_;
};

}  // namespace aviary
