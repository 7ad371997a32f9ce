#include "CaseDecider.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "EvidenceJson.h"
#include "ReleaseRepository.h"
#include "ThreadCpuClock.h"

namespace aviary {
namespace {

FeatureDescriptor::Type typeFromString(const std::string& text) {
  if (text == "boolean") return FeatureDescriptor::Type::Boolean;
  if (text == "category") return FeatureDescriptor::Type::Category;
  return FeatureDescriptor::Type::Number;
}

void compareField(std::vector<std::string>& differences, const nlohmann::json& stored,
                  const nlohmann::json& replayed, const std::string& path) {
  if (stored == replayed) return;
  if (stored.is_object() && replayed.is_object()) {
    for (const auto& [key, value] : stored.items())
      compareField(differences, value, replayed.contains(key) ? replayed.at(key) : nlohmann::json(),
                   path + "." + key);
    for (const auto& [key, value] : replayed.items())
      if (!stored.contains(key)) differences.push_back(path + "." + key + " is new");
    return;
  }
  differences.push_back(path + ": stored " + stored.dump() + ", replayed " + replayed.dump());
}

// Marks the end of each stage; under load the wall clock also counts the waits for a core,
// the CPU clock only this thread's own work (not the database's).
class StageClock {
 public:
  explicit StageClock(CaseDecider::StageTimes& times) : times_(times) {
    times_ = {};
    restart();
  }
  void mark(const std::string& stage) {
    const auto wall = std::chrono::steady_clock::now();
    const double cpu = threadCpuMilliseconds();
    times_.wallMs[stage] += std::chrono::duration<double, std::milli>(wall - wall_).count();
    times_.cpuMs[stage] += cpu - cpu_;
    wall_ = wall;
    cpu_ = cpu;
  }
  void restart() {
    wall_ = std::chrono::steady_clock::now();
    cpu_ = threadCpuMilliseconds();
  }

 private:
  CaseDecider::StageTimes& times_;
  std::chrono::steady_clock::time_point wall_;
  double cpu_ = 0;
};

}  // namespace

CaseDecider::CaseDecider(std::string connectionString, const PluginRegistry& registry,
                         const CreditRiskModel& model, const PolicyRuleSet& policy)
    : connectionString_(std::move(connectionString)),
      repository_(connectionString_),
      registry_(registry),
      model_(model),
      policy_(policy),
      collector_(registry),
      catalog_(featureCatalog(registry)),
      modelContent_(model.model().toJsonText()) {
  // Sources that keep tables of their own (their schema, their migrations) reach them here.
  registry.attachDatabase(connectionString_);
}

std::map<std::string, FeatureDescriptor> CaseDecider::featureCatalog(
    const PluginRegistry& registry) {
  std::map<std::string, FeatureDescriptor> catalog;
  for (const auto& source : registry.sources())
    for (const auto& feature : source->description().features)
      catalog[source->id() + "." + feature.name] = feature;
  return catalog;
}

nlohmann::json CaseDecider::toJson(const std::map<std::string, FeatureDescriptor>& catalog) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [column, feature] : catalog)
    json[column] = {{"name", feature.name},
                    {"type", aviary::toString(feature.type)},
                    {"unit", feature.unit},
                    {"meaning", feature.meaning}};
  return json;
}

std::map<std::string, FeatureDescriptor> CaseDecider::catalogFromJson(const nlohmann::json& json) {
  std::map<std::string, FeatureDescriptor> catalog;
  for (const auto& [column, feature] : json.items())
    catalog[column] = {feature.at("name").get<std::string>(),
                       typeFromString(feature.at("type").get<std::string>()),
                       feature.at("unit").get<std::string>(),
                       feature.at("meaning").get<std::string>()};
  return catalog;
}

Decision CaseDecider::decide(std::int64_t caseId, const std::string& decider) {
  const StoredCase stored = repository_.load(caseId);
  if (stored.status != "submitted")
    throw std::invalid_argument("case " + std::to_string(caseId) + " is " + stored.status +
                                ", not waiting for a decision");
  collector_.sourcesFor(CaseFile::fromJson(stored.caseFile));  // refuses unknown sources first
  repository_.checkRuleSetVersion(policy_.name(), policy_.version(), policy_.sha256());
  if (!repository_.claim(caseId, decider))
    throw std::invalid_argument("case " + std::to_string(caseId) + " was taken by another decider");
  return decideClaimed(caseId, decider);
}

Decision CaseDecider::decideClaimed(std::int64_t caseId, const std::string& decider,
                                    int leaseSeconds, const std::vector<Evidence>& gathered) {
  return decideHeld(caseId, decider, leaseSeconds, gathered, {});
}

Decision CaseDecider::decideClaimed(std::int64_t caseId, const std::string& decider,
                                    int leaseSeconds, const std::vector<StoredEvidence>& gathered) {
  std::vector<Evidence> evidence;
  std::map<std::string, nlohmann::json> storedForms;
  for (const auto& item : gathered) {
    evidence.push_back(item.evidence);
    storedForms[item.evidence.sourceId] = item.stored;
  }
  return decideHeld(caseId, decider, leaseSeconds, evidence, storedForms);
}

Decision CaseDecider::decideHeld(std::int64_t caseId, const std::string& decider, int leaseSeconds,
                                 const std::vector<Evidence>& gathered,
                                 const std::map<std::string, nlohmann::json>& storedForms) {
  StageClock clock(lastStageTimes_);
  const StoredCase stored = repository_.loadForDecision(caseId);
  const CaseFile caseFile = CaseFile::fromJson(stored.caseFile);
  clock.mark("load");

  // Heartbeat on its own connection: the lease stays ours while slow sources run.
  std::mutex mutex;
  std::condition_variable done;
  bool finished = false;
  // One lease connection per decider, reused by every slow case instead of one per case.
  if (!leases_) leases_ = std::make_unique<CaseRepository>(connectionString_);
  std::thread heartbeat([&] {
    CaseRepository& leases = *leases_;
    std::unique_lock lock(mutex);
    while (!done.wait_for(lock, std::chrono::seconds(std::max(1, leaseSeconds / 3)),
                          [&] { return finished; })) {
      try {
        leases.renewLease(caseId, decider, leaseSeconds);
      } catch (const std::exception&) {
        // The next renewal retries; losing the lease is caught when the decision is stored.
      }
    }
  });
  const auto stopHeartbeat = [&] {
    {
      std::lock_guard lock(mutex);
      finished = true;
    }
    done.notify_all();
    heartbeat.join();
  };
  try {
    clock.restart();  // the heartbeat's start is not a stage
    auto evidence = collector_.collect(caseFile, std::to_string(caseId), gathered);
    clock.mark("collect");
    const PolicyRuleSet& policy = policyFor(stored.releases);
    const GovernedModel& model = modelFor(stored.releases);
    const DecisionKernel kernel(*model.model, policy, catalog_);
    const Decision decision = kernel.decide(caseFile, evidence);
    clock.mark("kernel");
    stopHeartbeat();
    repository_.recordDecision(caseId, evidence, decision, model.content, policy.text(),
                               toJson(catalog_), decider, storedForms);
    clock.mark("store");
    return decision;
  } catch (...) {
    if (heartbeat.joinable()) stopHeartbeat();
    throw;
  }
}

void CaseDecider::prepare() {
  repository_.checkRuleSetVersion(policy_.name(), policy_.version(), policy_.sha256());
  repository_.prepareForDecisions(model_.sha256(), modelContent_, policy_.name(), policy_.version(),
                                  policy_.sha256(), policy_.text());
}

const PolicyRuleSet& CaseDecider::policyFor(const CaseReleases& releases) {
  if (releases.rulesRelease == 0) return policy_;
  auto& cached = releasedPolicies_[releases.rulesRelease];
  if (!cached)
    cached = std::make_unique<PolicyRuleSet>(
        PolicyRuleSet::fromText(ReleaseRepository(connectionString_).content(releases.rulesRelease),
                                "rule-set release " + std::to_string(releases.rulesRelease)));
  return *cached;
}

const CaseDecider::GovernedModel& CaseDecider::modelFor(const CaseReleases& releases) {
  auto& cached = releasedModels_[releases.modelRelease];
  if (cached.model) return cached;
  if (releases.modelRelease == 0) {
    cached.model = &model_;
    cached.content = modelContent_;
    return cached;
  }
  cached.content = ReleaseRepository(connectionString_).content(releases.modelRelease);
  cached.owned = std::make_unique<CreditRiskModel>(credit::CreditModel::fromJsonText(
      cached.content, "model release " + std::to_string(releases.modelRelease)));
  cached.model = cached.owned.get();
  return cached;
}

ReplayReport CaseDecider::replay(std::int64_t caseId) const {
  const StoredCase stored = repository_.load(caseId);
  if (!stored.automaticDecision)
    throw std::invalid_argument("case " + std::to_string(caseId) +
                                " has no automatic decision to replay");
  const auto& inputs = *stored.automaticDecision;
  ReplayReport report;
  report.stored = Decision::fromJson(inputs.at("decision"));

  const CaseFile caseFile = CaseFile::fromJson(inputs.at("case_file"));
  std::vector<Evidence> evidence;
  for (const auto& item : inputs.at("evidence")) evidence.push_back(evidenceFromJson(item));
  const CreditRiskModel storedModel(credit::CreditModel::fromJsonText(
      repository_.modelContent(report.stored.modelSha256), "stored model"));
  const PolicyRuleSet storedPolicy = PolicyRuleSet::fromText(
      repository_.ruleSetContent(report.stored.ruleSetName, report.stored.ruleSetVersion),
      "stored rule set");
  const DecisionKernel kernel(storedModel, storedPolicy,
                              catalogFromJson(inputs.at("feature_catalog")));
  report.replayed = kernel.decide(caseFile, evidence);

  compareField(report.differences, report.stored.toJson(), report.replayed.toJson(), "decision");
  report.identical = report.differences.empty() &&
                     report.stored.toJson().dump() == report.replayed.toJson().dump();

  if (model_.sha256() != report.stored.modelSha256)
    report.changedSince.push_back("the credit model: decided with " +
                                  report.stored.modelSha256.substr(0, 12) + ", current " +
                                  model_.sha256().substr(0, 12));
  if (policy_.version() != report.stored.ruleSetVersion ||
      policy_.sha256() != report.stored.ruleSetSha256)
    report.changedSince.push_back("the rule set: decided with version " +
                                  report.stored.ruleSetVersion + ", current " + policy_.version());
  for (const auto& [source, version] : report.stored.pluginVersions) {
    const auto current = registry_.find(source);
    if (!current)
      report.changedSince.push_back("plugin " + source + " is no longer loaded");
    else if (current->version() != version)
      report.changedSince.push_back("plugin " + source + ": decided with " + version +
                                    ", current " + current->version());
  }
  return report;
}

}  // namespace aviary
