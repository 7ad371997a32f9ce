#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "CounterfactualHint.h"
#include "PolicyRule.h"
#include "PricingPolicy.h"
#include "SegmentLimitPolicy.h"

namespace aviary {

// The declarative, versioned policy: rules, PD thresholds, limits, pricing and hints.
// Lives in resources/rules/policy.json, not in code.
class PolicyRuleSet {
 public:
  static PolicyRuleSet load(const std::filesystem::path& path);
  // Throws std::invalid_argument naming the rule or key that is wrong.
  static PolicyRuleSet fromText(const std::string& text, const std::string& sourceName);
  // resources/rules/policy.json beside the install, or the source tree's.
  static std::filesystem::path defaultPath();

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& sha256() const { return sha256_; }
  const std::string& text() const { return text_; }
  const std::vector<PolicyRule>& rules() const { return rules_; }
  double approveMaximumPd() const { return approveMaximumPd_; }
  double declineMinimumPd() const { return declineMinimumPd_; }
  const SegmentLimitPolicy* limitFor(const std::string& segment) const;
  const std::map<std::string, SegmentLimitPolicy>& limits() const { return limits_; }
  // The names of the values the "derived" section adds.
  std::vector<std::string> derivedValueNames() const;
  const PricingPolicy& pricing() const { return pricing_; }
  const std::vector<CounterfactualHint>& hints() const { return hints_; }

  // Plain-language meaning of the applicant's own columns, for reasons.
  const std::map<std::string, std::string>& columnMeanings() const { return columnMeanings_; }

  // Adds the derived values (e.g. revenue implied by costs) to the context's values.
  void addDerivedValues(RuleContext& context) const;

  std::vector<const PolicyRule*> firedRules(const RuleContext& context) const;

 private:
  std::string name_, version_, sha256_, text_;
  std::vector<PolicyRule> rules_;
  double approveMaximumPd_ = 0.1;
  double declineMinimumPd_ = 0.4;
  std::map<std::string, SegmentLimitPolicy> limits_;
  PricingPolicy pricing_;
  std::vector<CounterfactualHint> hints_;
  std::map<std::string, std::string> columnMeanings_;
  struct DerivedTerm {
    std::string value;
    double times = 1;
  };
  std::vector<std::pair<std::string, std::vector<DerivedTerm>>> derivedMaxOf_;
};

}  // namespace aviary
