#include "ReleaseChecks.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

namespace aviary {
namespace {

using Severity = ReleaseFinding::Severity;

const char* actionName(PolicyRule::Action action) {
  return action == PolicyRule::Action::Decline ? "decline" : "refer";
}

// True when whenever `narrow` holds, `wide` holds too (both plain conjunctions).
bool implies(const std::map<std::string, ValueRange>& narrow,
             const std::map<std::string, ValueRange>& wide) {
  for (const auto& [name, range] : wide) {
    const auto inner = narrow.find(name);
    if (inner == narrow.end() || !range.contains(inner->second)) return false;
  }
  return true;
}

void checkPairs(const PolicyRuleSet& candidate, std::vector<ReleaseFinding>& findings) {
  const auto& rules = candidate.rules();
  for (std::size_t i = 0; i < rules.size(); ++i)
    for (std::size_t j = i + 1; j < rules.size(); ++j) {
      const PolicyRule& a = rules[i];
      const PolicyRule& b = rules[j];
      if (a.when.canonicalText() == b.when.canonicalText()) {
        if (a.action != b.action)
          findings.push_back({Severity::Error, "contradiction", a.id + "," + b.id,
                              "rules " + a.id + " (" + actionName(a.action) + ") and " + b.id +
                                  " (" + actionName(b.action) +
                                  ") have the same condition but different actions: keep one"});
        else
          findings.push_back({Severity::Warning, "duplicate", a.id + "," + b.id,
                              "rules " + a.id + " and " + b.id +
                                  " have the same condition and action: one is enough"});
        continue;
      }
      // A refer rule whose cases a decline rule always takes changes no outcome.
      const PolicyRule* refer = a.action == PolicyRule::Action::Refer ? &a : &b;
      const PolicyRule* decline = refer == &a ? &b : &a;
      if (refer->action == decline->action) continue;
      const auto referRanges = refer->when.conjunction();
      const auto declineRanges = decline->when.conjunction();
      if (referRanges && declineRanges && implies(*referRanges, *declineRanges))
        findings.push_back({Severity::Warning, "shadowed", refer->id,
                            "rule " + refer->id + " refers only cases that rule " + decline->id +
                                " declines anyway: it can never change an outcome"});
    }
}

}  // namespace

std::set<std::string> ReleaseChecks::valuesKnownTo(const PolicyRuleSet& policy,
                                                   const std::set<std::string>& evidenceValues) {
  std::set<std::string> known = evidenceValues;
  known.insert({"application.requested_amount_cny", "application.term_months", "model.pd",
                "limit.base_cny"});
  for (const auto& name : policy.derivedValueNames()) known.insert(name);
  return known;
}

std::vector<ReleaseFinding> ReleaseChecks::ofRules(const PolicyRuleSet& candidate,
                                                   const std::set<std::string>& evidenceValues) {
  const std::set<std::string> known = valuesKnownTo(candidate, evidenceValues);
  std::vector<ReleaseFinding> findings;
  for (const auto& rule : candidate.rules()) {
    std::string why;
    if (!rule.when.canHold(known, why))
      findings.push_back({Severity::Warning, "never_fires", rule.id,
                          "rule " + rule.id + " can never fire: " + why});
  }
  checkPairs(candidate, findings);
  for (const auto& [segment, limit] : candidate.limits())
    if (!known.contains(limit.base))
      findings.push_back({Severity::Error, "unknown_value", "limits." + segment,
                          "the " + segment + " limit is based on \"" + limit.base +
                              "\", which nothing provides: every " + segment +
                              " case would be referred for lack of capacity"});
  for (const auto& hint : candidate.hints())
    if (!known.contains(hint.value))
      findings.push_back({Severity::Warning, "unknown_value", "hints." + hint.segment,
                          "a " + hint.segment + " hint improves \"" + hint.value +
                              "\", which nothing provides: it is never offered"});
  return findings;
}

std::vector<ReleaseFinding> ReleaseChecks::ofModel(const std::vector<std::string>& candidateColumns,
                                                   const std::vector<std::string>& liveColumns,
                                                   const std::set<std::string>& evidenceValues) {
  std::vector<ReleaseFinding> findings;
  const std::set<std::string> candidate(candidateColumns.begin(), candidateColumns.end());
  if (candidate.empty())
    findings.push_back(
        {Severity::Error, "no_columns", "", "the model has no input columns: train it again"});
  for (const auto& column : liveColumns)
    if (!candidate.contains(column))
      findings.push_back({Severity::Warning, "model_lacks", column,
                          "the model lacks \"" + column + "\", which the live model uses"});
  for (const auto& column : evidenceValues)
    if (!candidate.contains(column) &&
        std::find(liveColumns.begin(), liveColumns.end(), column) == liveColumns.end())
      findings.push_back({Severity::Warning, "model_lacks", column,
                          "the model lacks \"" + column +
                              "\", which an evidence source provides: that evidence will not "
                              "move its scores"});
  for (const auto& column : candidateColumns)
    if (column.find('.') != std::string::npos && !evidenceValues.contains(column))
      findings.push_back({Severity::Warning, "never_provided", column,
                          "the model expects \"" + column +
                              "\", which no loaded evidence source declares: it will always be "
                              "missing"});
  return findings;
}

bool ReleaseChecks::hasErrors(const std::vector<ReleaseFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const ReleaseFinding& f) { return f.severity == Severity::Error; });
}

nlohmann::json ReleaseChecks::toJson(const std::vector<ReleaseFinding>& findings) {
  nlohmann::json json = nlohmann::json::array();
  for (const auto& finding : findings)
    json.push_back({{"severity", finding.severity == Severity::Error ? "error" : "warning"},
                    {"check", finding.check},
                    {"subject", finding.subject},
                    {"message", finding.message}});
  return json;
}

std::vector<ReleaseFinding> ReleaseChecks::fromJson(const nlohmann::json& json) {
  std::vector<ReleaseFinding> findings;
  for (const auto& item : json)
    findings.push_back({item.value("severity", "") == "error" ? Severity::Error : Severity::Warning,
                        item.value("check", ""), item.value("subject", ""),
                        item.value("message", "")});
  return findings;
}

}  // namespace aviary
