#pragma once

#include <map>
#include <string>
#include <vector>

#include "CaseFile.h"
#include "Decision.h"
#include "Evidence.h"
#include "FeatureDescriptor.h"
#include "PolicyRuleSet.h"
#include "RiskModel.h"

namespace aviary {

// From a case and its evidence to a decision: features, score, limit, policy rules,
// outcome, price, reasons and a counterfactual hint. Pure and deterministic, so a stored
// decision can be replayed bit for bit from its inputs. No database, no plugins.
class DecisionKernel {
 public:
  // `evidenceFeatures` maps "<source>.<feature>" to what the plugin declared; evidence
  // features not declared there are ignored (plugins declare names, types and units).
  DecisionKernel(const RiskModel& model, const PolicyRuleSet& policy,
                 std::map<std::string, FeatureDescriptor> evidenceFeatures);

  Decision decide(const CaseFile& caseFile, const std::vector<Evidence>& evidence) const;

  // The applicant columns and evidence features as one model row.
  RiskModel::Row modelRow(const CaseFile& caseFile, const std::vector<Evidence>& evidence) const;
  // The same, for a feature catalog (e.g. one stored with a decision).
  static RiskModel::Row modelRowOf(const CaseFile& caseFile, const std::vector<Evidence>& evidence,
                                   const std::map<std::string, FeatureDescriptor>& catalog);

 private:
  double limitFor(const CaseFile& caseFile, const RuleContext& context, double pd) const;
  std::vector<DecisionReason> reasonsFrom(const RiskScore& score, const RuleContext& context,
                                          const RiskModel::Row& row,
                                          std::map<std::string, double>& bySource) const;
  std::string counterfactualFor(const CaseFile& caseFile, const RuleContext& context, double pd,
                                double currentLimit) const;
  std::string describeColumn(const std::string& column, const RuleContext& context,
                             const RiskModel::Row& row) const;

  const RiskModel& model_;
  const PolicyRuleSet& policy_;
  std::map<std::string, FeatureDescriptor> evidenceFeatures_;
};

}  // namespace aviary
