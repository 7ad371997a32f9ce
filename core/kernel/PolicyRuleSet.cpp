#include "PolicyRuleSet.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "JsonErrorText.h"
#include "ResourceLocator.h"
#include "Sha256.h"

namespace aviary {
namespace fs = std::filesystem;

double PricingPolicy::annualRate(double probabilityOfDefault) const {
  const double rate = fundingRate + probabilityOfDefault * lossGivenDefault + operatingMargin;
  return std::clamp(rate, minimumRate, maximumRate);
}

PolicyRuleSet PolicyRuleSet::load(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read the rule file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return fromText(text.str(), path.string());
}

fs::path PolicyRuleSet::defaultPath() {
  return ResourceLocator::find("resources/rules/policy.json", "AVIARY_RULES");
}

PolicyRuleSet PolicyRuleSet::fromText(const std::string& text, const std::string& sourceName) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw std::invalid_argument("rule file " + sourceName + " is not a JSON object");
  PolicyRuleSet set;
  set.text_ = text;
  set.sha256_ = sha256Hex(text);
  try {
    set.name_ = json.at("name").get<std::string>();
    set.version_ = json.at("version").get<std::string>();
    set.approveMaximumPd_ = json.at("thresholds").at("approve_maximum_pd").get<double>();
    set.declineMinimumPd_ = json.at("thresholds").at("decline_minimum_pd").get<double>();
    if (!(set.approveMaximumPd_ < set.declineMinimumPd_))
      throw std::invalid_argument("approve_maximum_pd must be below decline_minimum_pd");
    std::set<std::string> ids;
    for (const auto& rule : json.at("rules")) {
      PolicyRule parsed;
      parsed.id = rule.at("id").get<std::string>();
      if (!ids.insert(parsed.id).second)
        throw std::invalid_argument("rule id " + parsed.id + " is used twice");
      const std::string action = rule.at("action").get<std::string>();
      if (action != "decline" && action != "refer")
        throw std::invalid_argument("rule " + parsed.id + ": action must be decline or refer");
      parsed.action = action == "decline" ? PolicyRule::Action::Decline : PolicyRule::Action::Refer;
      parsed.text = rule.at("text").get<std::string>();
      parsed.when = RuleCondition::parse(rule.at("when"), "rule " + parsed.id);
      set.rules_.push_back(std::move(parsed));
    }
    for (const auto& [segment, limit] : json.at("limits").items())
      set.limits_[segment] = {limit.at("base").get<std::string>(), limit.value("base_meaning", ""),
                              limit.at("multiple").get<double>(), limit.at("cap").get<double>()};
    const auto& pricing = json.at("pricing");
    set.pricing_ = {
        pricing.at("funding_rate").get<double>(), pricing.at("loss_given_default").get<double>(),
        pricing.at("operating_margin").get<double>(), pricing.at("minimum_rate").get<double>(),
        pricing.at("maximum_rate").get<double>()};
    if (json.contains("counterfactual_hints"))
      for (const auto& hint : json.at("counterfactual_hints"))
        set.hints_.push_back(
            {hint.at("segment").get<std::string>(), hint.at("value").get<std::string>(),
             hint.value("improved_value", 0.0), hint.value("improvement_factor", 1.0),
             hint.at("text").get<std::string>()});
    if (json.contains("column_meanings"))
      set.columnMeanings_ = json.at("column_meanings").get<std::map<std::string, std::string>>();
    if (json.contains("derived"))
      for (const auto& derived : json.at("derived")) {
        std::vector<DerivedTerm> terms;
        for (const auto& term : derived.at("max_of"))
          terms.push_back({term.at("value").get<std::string>(), term.value("times", 1.0)});
        set.derivedMaxOf_.emplace_back(derived.at("name").get<std::string>(), std::move(terms));
      }
  } catch (const nlohmann::json::exception& error) {
    throw std::invalid_argument("rule file " + sourceName +
                                " is malformed: " + JsonErrorText::of(error) +
                                "; compare it with the shipped resources/rules/policy.json");
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument("rule file " + sourceName + ": " + error.what());
  }
  return set;
}

const SegmentLimitPolicy* PolicyRuleSet::limitFor(const std::string& segment) const {
  const auto found = limits_.find(segment);
  return found == limits_.end() ? nullptr : &found->second;
}

std::vector<std::string> PolicyRuleSet::derivedValueNames() const {
  std::vector<std::string> names;
  for (const auto& [name, terms] : derivedMaxOf_) names.push_back(name);
  return names;
}

void PolicyRuleSet::addDerivedValues(RuleContext& context) const {
  for (const auto& [name, terms] : derivedMaxOf_) {
    bool any = false;
    double best = 0;
    for (const auto& term : terms)
      if (const auto found = context.values.find(term.value); found != context.values.end()) {
        best = any ? std::max(best, found->second * term.times) : found->second * term.times;
        any = true;
      }
    if (any) context.values[name] = best;
  }
}

std::vector<const PolicyRule*> PolicyRuleSet::firedRules(const RuleContext& context) const {
  std::vector<const PolicyRule*> fired;
  for (const auto& rule : rules_)
    if (rule.when.holds(context)) fired.push_back(&rule);
  return fired;
}

}  // namespace aviary
