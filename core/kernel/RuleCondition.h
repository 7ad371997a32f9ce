#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "RuleContext.h"
#include "ValueRange.h"

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

  // For static checks before a rule set goes live.
  // False when no case can make it hold, with the reason in `why`. `known` names every value
  // a case can have; a comparison on any other value is always false.
  bool canHold(const std::set<std::string>& known, std::string& why) const;
  // The range each value must lie in, when the condition is one comparison or missing-test
  // or "all" of them (nested "all" included); nullopt for any other shape.
  std::optional<std::map<std::string, ValueRange>> conjunction() const;
  // The same text for conditions that hold for the same cases by their form alone ("all" and
  // "any" with their parts in any order).
  std::string canonicalText() const;

 private:
  bool addToConjunction(std::map<std::string, ValueRange>& ranges) const;

  enum class Kind { All, Any, Not, Compare, Missing, EvidenceNotOk };
  Kind kind_ = Kind::All;
  std::vector<RuleCondition> children_;
  std::string name_;
  std::string op_;
  double operand_ = 0;
};

}  // namespace aviary
