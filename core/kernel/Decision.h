#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "DecisionReason.h"
#include "FiredRule.h"

namespace aviary {

// The kernel's answer for one case, with everything needed to reproduce it.
struct Decision {
  std::string outcome;  // approve, decline or refer
  double limitCny = 0;
  double annualRate = 0;
  double probabilityOfDefault = 0;
  std::vector<DecisionReason> reasons;                 // top four
  std::map<std::string, double> contributionBySource;  // log-odds per group
  std::vector<FiredRule> rulesFired;
  std::string counterfactual;
  std::string modelSha256;
  std::string ruleSetName;
  std::string ruleSetVersion;
  std::string ruleSetSha256;
  std::map<std::string, std::string> pluginVersions;
  std::map<std::string, double> values;  // every value the rules and the limit saw

  nlohmann::json toJson() const;
  static Decision fromJson(const nlohmann::json& json);
};

}  // namespace aviary
