#pragma once

#include <string>

#include "RuleCondition.h"

namespace aviary {

// One rule of the policy file: when its condition holds, the case is declined or referred.
struct PolicyRule {
  enum class Action { Decline, Refer };
  std::string id;  // stable, e.g. "D001"
  Action action = Action::Refer;
  std::string text;  // plain language, shown to underwriters and merchants
  RuleCondition when;
};

}  // namespace aviary
