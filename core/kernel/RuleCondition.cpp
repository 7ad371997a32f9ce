#include "RuleCondition.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

namespace aviary {
namespace {
const char* const kOperators[] = {"equals", "not_equals", "above", "below", "at_least", "at_most"};
}

RuleCondition RuleCondition::parse(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object() || json.empty())
    throw std::invalid_argument(where + ": a condition must be a non-empty JSON object");
  RuleCondition condition;
  auto parseChildren = [&](const char* key, Kind kind) {
    condition.kind_ = kind;
    if (!json.at(key).is_array() || json.at(key).empty())
      throw std::invalid_argument(where + ": \"" + key + "\" needs a non-empty list of conditions");
    for (std::size_t i = 0; i < json.at(key).size(); ++i)
      condition.children_.push_back(
          parse(json.at(key)[i], where + "." + key + "[" + std::to_string(i) + "]"));
  };
  if (json.contains("all")) {
    parseChildren("all", Kind::All);
  } else if (json.contains("any")) {
    parseChildren("any", Kind::Any);
  } else if (json.contains("not")) {
    condition.kind_ = Kind::Not;
    condition.children_.push_back(parse(json.at("not"), where + ".not"));
  } else if (json.contains("evidence_not_ok")) {
    condition.kind_ = Kind::EvidenceNotOk;
    condition.name_ = json.at("evidence_not_ok").get<std::string>();
  } else if (json.contains("value")) {
    condition.name_ = json.at("value").get<std::string>();
    if (json.contains("missing")) {
      condition.kind_ = Kind::Missing;
      return condition;
    }
    condition.kind_ = Kind::Compare;
    for (const char* op : kOperators)
      if (json.contains(op)) {
        if (!json.at(op).is_number())
          throw std::invalid_argument(where + ": \"" + op + "\" needs a number");
        condition.op_ = op;
        condition.operand_ = json.at(op).get<double>();
      }
    if (condition.op_.empty())
      throw std::invalid_argument(
          where + ": compare \"" + condition.name_ +
          "\" with one of equals, not_equals, above, below, at_least, at_most");
  } else {
    throw std::invalid_argument(where + ": unknown condition " + json.dump() +
                                "; use all, any, not, value or evidence_not_ok");
  }
  return condition;
}

bool RuleCondition::holds(const RuleContext& context) const {
  switch (kind_) {
    case Kind::All:
      for (const auto& child : children_)
        if (!child.holds(context)) return false;
      return true;
    case Kind::Any:
      for (const auto& child : children_)
        if (child.holds(context)) return true;
      return false;
    case Kind::Not:
      return !children_.front().holds(context);
    case Kind::EvidenceNotOk:
      for (const auto& [source, status] : context.evidenceStatus)
        if ((name_ == "any" || name_ == source) && status != "ok") return true;
      return false;
    case Kind::Missing:
      return !context.values.contains(name_);
    case Kind::Compare: {
      const auto found = context.values.find(name_);
      if (found == context.values.end()) return false;
      const double v = found->second;
      if (op_ == "equals") return v == operand_;
      if (op_ == "not_equals") return v != operand_;
      if (op_ == "above") return v > operand_;
      if (op_ == "below") return v < operand_;
      if (op_ == "at_least") return v >= operand_;
      return v <= operand_;
    }
  }
  return false;
}

std::vector<std::string> RuleCondition::valueNames() const {
  std::vector<std::string> names;
  if (kind_ == Kind::Compare || kind_ == Kind::Missing) names.push_back(name_);
  for (const auto& child : children_)
    for (auto& name : child.valueNames()) names.push_back(std::move(name));
  return names;
}

bool RuleCondition::canHold(const std::set<std::string>& known, std::string& why) const {
  switch (kind_) {
    case Kind::Compare:
      if (known.contains(name_)) return true;
      why = "it compares \"" + name_ +
            "\", which no evidence source, application or policy value provides";
      return false;
    case Kind::Missing:
    case Kind::EvidenceNotOk:
    case Kind::Not:  // not analysed: assumed satisfiable
      return true;
    case Kind::Any: {
      std::string last;
      for (const auto& child : children_)
        if (child.canHold(known, last)) return true;
      why = "none of its alternatives can hold (" + last + ")";
      return false;
    }
    case Kind::All:
      for (const auto& child : children_)
        if (!child.canHold(known, why)) return false;
      if (const auto ranges = conjunction())
        for (const auto& [name, range] : *ranges)
          if (range.empty()) {
            why = "its conditions on \"" + name + "\" exclude each other";
            return false;
          }
      return true;
  }
  return true;
}

std::optional<std::map<std::string, ValueRange>> RuleCondition::conjunction() const {
  std::map<std::string, ValueRange> ranges;
  if (!addToConjunction(ranges)) return std::nullopt;
  return ranges;
}

bool RuleCondition::addToConjunction(std::map<std::string, ValueRange>& ranges) const {
  switch (kind_) {
    case Kind::Compare:
      ranges[name_].restrict(op_, operand_);
      return true;
    case Kind::Missing:
      ranges[name_].requireMissing();
      return true;
    case Kind::All:
      return std::all_of(children_.begin(), children_.end(), [&](const RuleCondition& child) {
        return child.addToConjunction(ranges);
      });
    default:
      return false;
  }
}

std::string RuleCondition::canonicalText() const {
  switch (kind_) {
    case Kind::Compare: {
      std::ostringstream text;
      text.precision(17);
      text << name_ << " " << op_ << " " << operand_;
      return text.str();
    }
    case Kind::Missing:
      return name_ + " missing";
    case Kind::EvidenceNotOk:
      return "evidence_not_ok " + name_;
    case Kind::Not:
      return "not(" + children_.front().canonicalText() + ")";
    case Kind::All:
    case Kind::Any: {
      std::vector<std::string> parts;
      for (const auto& child : children_) parts.push_back(child.canonicalText());
      std::sort(parts.begin(), parts.end());
      parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
      if (parts.size() == 1) return parts.front();
      std::string text = kind_ == Kind::All ? "all(" : "any(";
      for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
      return text + ")";
    }
  }
  return {};
}

}  // namespace aviary
