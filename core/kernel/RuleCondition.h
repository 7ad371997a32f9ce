#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "RuleContext.h"

namespace aviary {

// A condition from the rule file, parsed once:
//   {"all": [...]}, {"any": [...]}, {"not": {...}},
//   {"value": "<name>", "<op>": number} with op one of equals, not_equals, above, below,
//   at_least, at_most; {"value": "<name>", "missing": true};
//   {"evidence_not_ok": "<source id>" | "any"}.
// A comparison on a value the case does not have is false.
class RuleCondition {
 public:
  static RuleCondition parse(const nlohmann::json& json, const std::string& where);
  bool holds(const RuleContext& context) const;
  // The value names it reads, for explaining why a rule fired.
  std::vector<std::string> valueNames() const;

 private:
  enum class Kind { All, Any, Not, Compare, Missing, EvidenceNotOk };
  Kind kind_ = Kind::All;
  std::vector<RuleCondition> children_;
  std::string name_;
  std::string op_;
  double operand_ = 0;
};

}  // namespace aviary
