#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "CaseRepository.h"
#include "CreditRiskModel.h"
#include "DecisionKernel.h"
#include "EvidenceCollector.h"
#include "PluginRegistry.h"
#include "PolicyRuleSet.h"
#include "ReplayReport.h"
#include "StoredEvidence.h"

namespace aviary {

// Decides stored cases end to end: claim, collect evidence, run the kernel, store it all.
class CaseDecider {
 public:
  CaseDecider(std::string connectionString, const PluginRegistry& registry,
              const CreditRiskModel& model, const PolicyRuleSet& policy);

  // Throws std::invalid_argument when the case is missing or not waiting for a decision.
  Decision decide(std::int64_t caseId, const std::string& decider);

  // Decides a case this decider already holds the lease of, renewing the lease while the
  // evidence is collected. Evidence in `gathered` (read while the merchant applied) is used as
  // it is; only the sources missing from it are asked now. Throws LeaseLost when another
  // worker took the case over.
  Decision decideClaimed(std::int64_t caseId, const std::string& decider, int leaseSeconds = 60,
                         const std::vector<Evidence>& gathered = {});
  // The same with evidence read back as it was stored (the channel API's readings): the
  // decision refers to the blobs that evidence refers to instead of storing its bytes again.
  Decision decideClaimed(std::int64_t caseId, const std::string& decider, int leaseSeconds,
                         const std::vector<StoredEvidence>& gathered);

  // Where the last decideClaimed spent its time, wall clock and this thread's CPU, per stage:
  // load, collect, kernel, store (milliseconds). For the server's timings and benchmarks.
  struct StageTimes {
    std::map<std::string, double> wallMs, cpuMs;
  };
  const StageTimes& lastStageTimes() const { return lastStageTimes_; }

  // Before the first decision: refuses an edited rule set under a stored version (as a worker
  // does at start), stores the model and rule set, and readies the database session.
  void prepare();

  // Re-runs the stored decision with the stored model, rules and evidence.
  ReplayReport replay(std::int64_t caseId) const;

  EvidenceCollector& collector() { return collector_; }
  CaseRepository& repository() { return repository_; }

  // "<source>.<feature>" -> declaration, for every loaded plugin.
  static std::map<std::string, FeatureDescriptor> featureCatalog(const PluginRegistry& registry);
  static nlohmann::json toJson(const std::map<std::string, FeatureDescriptor>& catalog);
  static std::map<std::string, FeatureDescriptor> catalogFromJson(const nlohmann::json& json);

 private:
  Decision decideHeld(std::int64_t caseId, const std::string& decider, int leaseSeconds,
                      const std::vector<Evidence>& gathered,
                      const std::map<std::string, nlohmann::json>& storedForms);

  // A model a case may be decided with: the configured one, or an approved release.
  struct GovernedModel {
    const CreditRiskModel* model = nullptr;
    std::string content;  // the model file, stored with the decision
    std::unique_ptr<CreditRiskModel> owned;
  };
  // The rule set and model the case was submitted with, loaded once per release.
  const PolicyRuleSet& policyFor(const CaseReleases& releases);
  const GovernedModel& modelFor(const CaseReleases& releases);

  std::string connectionString_;
  CaseRepository repository_;
  const PluginRegistry& registry_;
  const CreditRiskModel& model_;
  const PolicyRuleSet& policy_;
  EvidenceCollector collector_;
  std::map<std::string, FeatureDescriptor> catalog_;
  std::string modelContent_;
  std::unique_ptr<CaseRepository> leases_;  // the heartbeat's own connection
  std::map<std::int64_t, std::unique_ptr<PolicyRuleSet>> releasedPolicies_;
  std::map<std::int64_t, GovernedModel> releasedModels_;
  StageTimes lastStageTimes_;
};

}  // namespace aviary
