#include "DecisionKernel.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace aviary {
namespace {

std::string formatNumber(double value, const std::string& unit) {
  std::ostringstream out;
  if (unit == "cny") {
    long long whole = std::llround(value);
    std::string digits = std::to_string(std::llabs(whole));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
      digits.insert(static_cast<std::size_t>(i), ",");
    return (whole < 0 ? "-" : "") + digits + " yuan";
  }
  out.precision(value == std::floor(value) ? 0 : 2);
  out << std::fixed << value;
  return unit.empty() || unit == "ratio" ? out.str() : out.str() + " " + unit;
}

std::string groupOf(const std::string& column) {
  const auto dot = column.find('.');
  return dot == std::string::npos ? "applicant" : column.substr(0, dot);
}

std::string displayGroup(const std::string& group) {
  if (group == "applicant") return "Applicant";
  if (group == "supplychain") return "Supply chain";
  std::string name = group;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

double roundDownTo100(double value) {
  return std::floor(value / 100.0) * 100.0;
}

}  // namespace

DecisionKernel::DecisionKernel(const RiskModel& model, const PolicyRuleSet& policy,
                               std::map<std::string, FeatureDescriptor> evidenceFeatures)
    : model_(model), policy_(policy), evidenceFeatures_(std::move(evidenceFeatures)) {}

RiskModel::Row DecisionKernel::modelRow(const CaseFile& caseFile,
                                        const std::vector<Evidence>& evidence) const {
  return modelRowOf(caseFile, evidence, evidenceFeatures_);
}

RiskModel::Row DecisionKernel::modelRowOf(const CaseFile& caseFile,
                                          const std::vector<Evidence>& evidence,
                                          const std::map<std::string, FeatureDescriptor>& catalog) {
  RiskModel::Row row(caseFile.applicant.begin(), caseFile.applicant.end());
  for (const auto& item : evidence) {
    if (!item.ok()) continue;
    for (const auto& [name, value] : item.features) {
      const std::string column = item.sourceId + "." + name;
      if (catalog.contains(column) && std::isfinite(value)) row[column] = value;
    }
  }
  return row;
}

double DecisionKernel::limitFor(const CaseFile& caseFile, const RuleContext& context,
                                double pd) const {
  const SegmentLimitPolicy* limit = policy_.limitFor(caseFile.segment);
  if (limit == nullptr) return 0;
  const auto base = context.values.find(limit->base);
  if (base == context.values.end() || base->second <= 0) return 0;
  const double riskScale = std::clamp(1.0 - pd / policy_.declineMinimumPd(), 0.0, 1.0);
  const double limitCny = std::min(
      {base->second * limit->multiple * riskScale, limit->cap, caseFile.requestedAmountCny});
  return roundDownTo100(std::max(0.0, limitCny));
}

std::string DecisionKernel::describeColumn(const std::string& column, const RuleContext& context,
                                           const RiskModel::Row& row) const {
  if (const auto feature = evidenceFeatures_.find(column); feature != evidenceFeatures_.end()) {
    const auto value = context.values.find(column);
    const std::string shown = value == context.values.end()
                                  ? "not available"
                                  : formatNumber(value->second, feature->second.unit);
    return feature->second.meaning + ": " + shown;
  }
  const auto meaning = policy_.columnMeanings().find(column);
  std::string text = meaning == policy_.columnMeanings().end() ? column : meaning->second;
  const auto cell = row.find(column);
  if (cell == row.end() || std::holds_alternative<std::monostate>(cell->second))
    return text + ": not given";
  if (const double* number = std::get_if<double>(&cell->second))
    return text + ": " + formatNumber(*number, "");
  return text + ": " + std::get<std::string>(cell->second);
}

std::vector<DecisionReason> DecisionKernel::reasonsFrom(
    const RiskScore& score, const RuleContext& context, const RiskModel::Row& row,
    std::map<std::string, double>& bySource) const {
  std::vector<std::pair<std::string, double>> ranked(score.contributions.begin(),
                                                     score.contributions.end());
  for (const auto& [column, contribution] : ranked) bySource[groupOf(column)] += contribution;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return std::fabs(a.second) > std::fabs(b.second);
  });
  std::vector<DecisionReason> reasons;
  for (const auto& [column, contribution] : ranked) {
    if (reasons.size() == 4 || std::fabs(contribution) < 1e-6) break;
    const std::string group = groupOf(column);
    // A source this case has no evidence from is no reason to give its merchant.
    if (group != "applicant" && !row.contains(column)) continue;
    DecisionReason reason{group, column, contribution, ""};
    reason.text = displayGroup(group) + " — " + describeColumn(column, context, row) +
                  (contribution > 0 ? ". This raised the estimated risk."
                                    : ". This lowered the estimated risk.");
    reasons.push_back(std::move(reason));
  }
  return reasons;
}

std::string DecisionKernel::counterfactualFor(const CaseFile& caseFile, const RuleContext& context,
                                              double pd, double currentLimit) const {
  const CounterfactualHint* best = nullptr;
  double bestLimit = currentLimit;
  for (const auto& hint : policy_.hints()) {
    if (hint.segment != caseFile.segment) continue;
    RuleContext improved = context;
    const auto current = improved.values.find(hint.value);
    const double now = current == improved.values.end() ? 0.0 : current->second;
    improved.values[hint.value] = std::max(now * hint.improvementFactor, hint.improvedValue);
    policy_.addDerivedValues(improved);
    const double limit = limitFor(caseFile, improved, pd);
    if (limit > bestLimit) {
      bestLimit = limit;
      best = &hint;
    }
  }
  if (best == nullptr) {
    if (currentLimit >= caseFile.requestedAmountCny)
      return "The limit already covers the amount requested.";
    return "No single piece of further evidence would raise the limit: it is held by the policy "
           "cap "
           "or by the estimated risk.";
  }
  return best->text + " That could raise the limit from " + formatNumber(currentLimit, "cny") +
         " to " + formatNumber(bestLimit, "cny") + ".";
}

Decision DecisionKernel::decide(const CaseFile& caseFile,
                                const std::vector<Evidence>& evidence) const {
  const RiskModel::Row row = modelRow(caseFile, evidence);
  const RiskScore score = model_.score(row);
  const double pd = score.probabilityOfDefault;
  if (!std::isfinite(pd) || pd < 0 || pd > 1)
    throw std::runtime_error(
        "the credit model returned an invalid probability; check the model file");

  RuleContext context;
  context.values["application.requested_amount_cny"] = caseFile.requestedAmountCny;
  context.values["application.term_months"] = caseFile.termMonths;
  context.values["model.pd"] = pd;
  for (const auto& item : evidence) {
    context.evidenceStatus[item.sourceId] = toString(item.status);
    if (!item.ok()) continue;
    for (const auto& [name, value] : item.features) {
      const std::string column = item.sourceId + "." + name;
      if (evidenceFeatures_.contains(column) && std::isfinite(value))
        context.values[column] = value;
    }
  }
  policy_.addDerivedValues(context);
  if (const SegmentLimitPolicy* limit = policy_.limitFor(caseFile.segment))
    if (const auto base = context.values.find(limit->base); base != context.values.end())
      context.values["limit.base_cny"] = base->second;

  Decision decision;
  decision.probabilityOfDefault = pd;
  for (const PolicyRule* rule : policy_.firedRules(context))
    decision.rulesFired.push_back(
        {rule->id, rule->action == PolicyRule::Action::Decline ? "decline" : "refer", rule->text});
  for (const auto& item : evidence)
    if (!item.ok())
      decision.rulesFired.push_back(
          {"EVIDENCE-" + item.sourceId, "refer",
           "Evidence from " + displayGroup(item.sourceId) + " is unavailable: " + item.error});
  std::ostringstream pdText;
  pdText.precision(1);
  pdText << std::fixed << pd * 100 << "%";
  if (pd >= policy_.declineMinimumPd())
    decision.rulesFired.push_back({"PD-HIGH", "decline",
                                   "The estimated probability of default (" + pdText.str() +
                                       ") is above the policy's limit."});
  else if (pd > policy_.approveMaximumPd())
    decision.rulesFired.push_back({"PD-REVIEW", "refer",
                                   "The estimated probability of default (" + pdText.str() +
                                       ") needs an underwriter's judgement."});

  const auto has = [&](const char* action) {
    return std::any_of(decision.rulesFired.begin(), decision.rulesFired.end(),
                       [&](const FiredRule& rule) { return rule.action == action; });
  };
  decision.outcome = has("decline") ? "decline" : has("refer") ? "refer" : "approve";
  decision.limitCny = decision.outcome == "decline" ? 0.0 : limitFor(caseFile, context, pd);
  if (decision.outcome == "approve" && decision.limitCny <= 0) {
    decision.outcome = "refer";
    decision.rulesFired.push_back(
        {"NO-CAPACITY", "refer",
         "No evidence proves the capacity to repay, so no limit can be set."});
  }
  decision.annualRate = policy_.pricing().annualRate(pd);
  decision.reasons = reasonsFrom(score, context, row, decision.contributionBySource);
  decision.counterfactual =
      decision.outcome == "decline" && has("decline") && pd < policy_.declineMinimumPd()
          ? "Declined by policy rule: further evidence does not change it while the rule applies."
          : counterfactualFor(caseFile, context, pd, decision.limitCny);
  decision.modelSha256 = model_.sha256();
  decision.ruleSetName = policy_.name();
  decision.ruleSetVersion = policy_.version();
  decision.ruleSetSha256 = policy_.sha256();
  for (const auto& item : evidence) decision.pluginVersions[item.sourceId] = item.sourceVersion;
  decision.values = context.values;
  return decision;
}

}  // namespace aviary
