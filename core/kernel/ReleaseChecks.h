#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "PolicyRuleSet.h"
#include "ReleaseFinding.h"

namespace aviary {

// Static checks a candidate rule set or model gets before a second admin can approve it.
class ReleaseChecks {
 public:
  // Every value a rule can see: the application's and the model's own values, the policy's
  // derived values and `evidenceValues` ("<source>.<feature>" as the plugins declare them).
  static std::set<std::string> valuesKnownTo(const PolicyRuleSet& policy,
                                             const std::set<std::string>& evidenceValues);

  // Rules that can never fire, rules that contradict or shadow each other, and limits or
  // hints built on values nothing provides.
  static std::vector<ReleaseFinding> ofRules(const PolicyRuleSet& candidate,
                                             const std::set<std::string>& evidenceValues);

  // Columns the candidate model lacks that the live model uses or the evidence provides, and
  // columns it expects that nothing provides. `liveColumns` is empty when nothing is live.
  static std::vector<ReleaseFinding> ofModel(const std::vector<std::string>& candidateColumns,
                                             const std::vector<std::string>& liveColumns,
                                             const std::set<std::string>& evidenceValues);

  static bool hasErrors(const std::vector<ReleaseFinding>& findings);
  static nlohmann::json toJson(const std::vector<ReleaseFinding>& findings);
  static std::vector<ReleaseFinding> fromJson(const nlohmann::json& json);
};

}  // namespace aviary
