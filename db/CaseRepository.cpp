#include "CaseRepository.h"

#include <set>
#include <stdexcept>

#include <pqxx/pqxx>

#include "ArtifactBlobStore.h"
#include "EvidenceJson.h"
#include "ExperimentRepository.h"
#include "LeaseLost.h"

namespace aviary {
namespace {

std::string statusFor(const std::string& outcome) {
  if (outcome == "approve") return "approved";
  if (outcome == "decline") return "declined";
  return "referred";
}

std::string ruleSetConflict(const std::string& name, const std::string& version) {
  return "rule set " + name + " version " + version +
         " is already stored with different content: give the edited rule file a new version";
}

std::string nullable(const pqxx::field& field) {
  return field.is_null() ? "" : field.as<std::string>();
}

// The live releases and, while an experiment runs, this case's arm.
// A case id no application has.
std::invalid_argument noSuchCase(std::int64_t caseId) {
  return std::invalid_argument("case " + std::to_string(caseId) +
                               " does not exist: use the id 'aviary case submit' printed, or "
                               "find the case in the workbench's queue");
}

// An application's row as deciding and reading it need it: kCaseColumns, then whatever a
// query adds after them.
constexpr const char* kCaseColumns =
    "a.status, a.submitted_at::text, a.case_file, a.attempts, COALESCE(a.rules_release, 0), "
    "COALESCE(a.model_release, 0), COALESCE(a.experiment_id, 0), COALESCE(a.arm, '')";
constexpr int kCaseColumnCount = 8;
StoredCase caseFromRow(std::int64_t caseId, const pqxx::row& row) {
  StoredCase stored;
  stored.caseId = caseId;
  stored.status = row[0].as<std::string>();
  stored.submittedAt = row[1].as<std::string>();
  stored.caseFile = nlohmann::json::parse(row[2].as<std::string>());
  stored.attempts = row[3].as<int>();
  stored.releases = {row[4].as<std::int64_t>(), row[5].as<std::int64_t>(),
                     row[6].as<std::int64_t>(), row[7].as<std::string>()};
  return stored;
}

CaseReleases releasesForNewCase(pqxx::transaction_base& tx, const std::string& idempotencyKey) {
  const auto live = tx.exec1(
      "SELECT COALESCE((SELECT release_id FROM releases WHERE kind = 'rules' AND approved_at IS "
      "NOT NULL AND retired_at IS NULL), 0), COALESCE((SELECT release_id FROM releases WHERE kind "
      "= 'model' AND approved_at IS NOT NULL AND retired_at IS NULL), 0)");
  CaseReleases releases{live[0].as<std::int64_t>(), live[1].as<std::int64_t>(), 0, ""};
  const auto running = tx.exec(
      "SELECT experiment_id, salt, share, challenger_rules, COALESCE(challenger_model, 0) "
      "FROM experiments WHERE stopped_at IS NULL");
  if (running.empty()) return releases;
  releases.experimentId = running[0][0].as<std::int64_t>();
  releases.arm = ExperimentRepository::armFor(running[0][1].as<std::string>(), idempotencyKey,
                                              running[0][2].as<double>());
  if (releases.arm == "challenger") {
    releases.rulesRelease = running[0][3].as<std::int64_t>();
    if (const auto model = running[0][4].as<std::int64_t>(); model != 0)
      releases.modelRelease = model;
  }
  return releases;
}

// One statement: the evidence runs, the decision (its replay inputs built from the stored
// case file, not sent back and forth) and the move out of processing, which only the lease
// holder may make.
constexpr const char* kRecordDecision =
    "WITH evidence AS (SELECT e.value, e.ordinality FROM jsonb_array_elements($12::jsonb) "
    "  WITH ORDINALITY e), "
    "runs AS (INSERT INTO evidence_runs (case_id, source_id, source_version, status, error, "
    "  features, evidence, duration_ms) "
    "  SELECT $1, value->>'source_id', value->>'source_version', value->>'status', "
    "  value->>'error', COALESCE(value->'features', '{}'), value, "
    "  COALESCE(($13::jsonb->>(ordinality::int - 1))::float8, 0) FROM evidence "
    "  ORDER BY ordinality), "
    "moved AS (UPDATE applications SET status = $17, lease_owner = NULL, "
    "  lease_expires_at = NULL "
    "  WHERE case_id = $1 AND status = 'processing' AND lease_owner = $16 RETURNING case_id) "
    "INSERT INTO decisions (case_id, kind, outcome, limit_cny, annual_rate, pd, reasons, "
    "rules_fired, counterfactual, model_id, rule_set_id, plugin_versions, inputs, decided_by, "
    "experiment_id, arm) "
    "SELECT $1, 'automatic', $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, "
    "(SELECT model_id FROM models WHERE sha256 = $9), "
    "(SELECT rule_set_id FROM rule_sets WHERE name = $10 AND version = $11 AND sha256 = $18), "
    "$14::jsonb, jsonb_build_object('case_file', a.case_file, 'evidence', $12::jsonb, "
    "'feature_catalog', $15::jsonb, 'decision', $19::jsonb), $16, a.experiment_id, a.arm "
    "FROM applications a WHERE a.case_id = $1 "
    "RETURNING decision_id, rule_set_id IS NOT NULL, (SELECT count(*) FROM moved)";

// Stores the model and the rule set a decision is made with, unless this session knows them
// stored: a model file is megabytes, so it is sent once, not per decision. Returns the rule
// set's key for the session's cache, to add once the transaction commits.
std::string storeModelAndRuleSet(pqxx::transaction_base& tx,
                                 const std::set<std::string>& storedModels,
                                 const std::set<std::string>& storedRuleSets,
                                 const std::string& modelSha256, const std::string& modelContent,
                                 const std::string& ruleSetName, const std::string& ruleSetVersion,
                                 const std::string& ruleSetSha256,
                                 const std::string& ruleSetContent) {
  const bool modelKnown =
      storedModels.contains(modelSha256) ||
      !tx.exec_params("SELECT 1 FROM models WHERE sha256 = $1", modelSha256).empty();
  // No conflict target: two workers storing a new model at once may collide on either key.
  if (!modelKnown)
    tx.exec_params(
        "INSERT INTO models (name, version, kind, sha256, content) VALUES ('credit', $1, 'credit', "
        "$1, $2) "
        "ON CONFLICT DO NOTHING",
        modelSha256, modelContent);
  // Two workers may store a new version at once: the second waits, inserts nothing, and the
  // decision finds the first's row only if it carries the same content.
  const std::string ruleSetKey = ruleSetName + "\n" + ruleSetVersion + "\n" + ruleSetSha256;
  if (!storedRuleSets.contains(ruleSetKey))
    tx.exec_params(
        "INSERT INTO rule_sets (name, version, sha256, content) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (name, version) DO NOTHING",
        ruleSetName, ruleSetVersion, ruleSetSha256, ruleSetContent);
  return ruleSetKey;
}

}  // namespace

struct CaseRepository::Session {
  explicit Session(const std::string& url) : connection(url) {}
  pqxx::connection connection;
  // Models known to be stored: a model file is megabytes, so it is sent once, not per decision.
  std::set<std::string> storedModels;
  // Rule sets (name, version, hash) this session stored or found: their content is sent once.
  std::set<std::string> storedRuleSets;
};

CaseRepository::CaseRepository(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}
CaseRepository::~CaseRepository() = default;
CaseRepository::CaseRepository(CaseRepository&&) noexcept = default;

CaseRepository::Session& CaseRepository::session() const {
  if (session_ && !session_->connection.is_open()) session_.reset();
  if (!session_) session_ = std::make_unique<Session>(connectionString_);
  return *session_;
}

SubmittedCase CaseRepository::submit(const CaseFile& caseFile, const std::string& channel) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  const std::string caseJson = caseFile.toJson().dump();
  const auto existing = tx.exec_params(
      "SELECT case_id, status, CASE WHEN channel IS NULL THEN case_file = $2::jsonb "
      "ELSE channel = $3 AND (case_file - 'inputs') = ($2::jsonb - 'inputs') END "
      "FROM applications WHERE idempotency_key = $1",
      caseFile.idempotencyKey, caseJson, channel);
  if (!existing.empty()) {
    if (!existing[0][2].as<bool>())
      throw std::invalid_argument("idempotency key '" + caseFile.idempotencyKey +
                                  "' was already used for a different case (case " +
                                  existing[0][0].as<std::string>() +
                                  "); give this application a new key");
    return {existing[0][0].as<std::int64_t>(), false, existing[0][1].as<std::string>()};
  }
  const auto nullIfEmpty = [](const std::string& text) -> const char* {
    return text.empty() ? nullptr : text.c_str();
  };
  tx.exec_params(
      "INSERT INTO merchants (merchant_id, name, segment, uscc, owner_name, owner_id_number, "
      "industry, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
      "ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, segment = EXCLUDED.segment, "
      "uscc = COALESCE(EXCLUDED.uscc, merchants.uscc), "
      "owner_name = COALESCE(EXCLUDED.owner_name, merchants.owner_name), "
      "owner_id_number = COALESCE(EXCLUDED.owner_id_number, merchants.owner_id_number), "
      "industry = COALESCE(EXCLUDED.industry, merchants.industry), "
      "address = COALESCE(EXCLUDED.address, merchants.address)",
      caseFile.merchantId, caseFile.merchantName, caseFile.segment, nullIfEmpty(caseFile.uscc),
      nullIfEmpty(caseFile.ownerName), nullIfEmpty(caseFile.ownerIdNumber),
      nullIfEmpty(caseFile.industry), nullIfEmpty(caseFile.address));
  const CaseReleases releases = releasesForNewCase(tx, caseFile.idempotencyKey);
  const std::string status = channel.empty() ? "submitted" : "collecting";
  // ON CONFLICT DO NOTHING: a concurrent submit of the same key wins cleanly.
  const auto inserted = tx.exec_params(
      "INSERT INTO applications (idempotency_key, merchant_id, requested_amount_cny, term_months, "
      "purpose, case_file, rules_release, model_release, experiment_id, arm, status, channel) "
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, NULLIF($7, 0), NULLIF($8, 0), NULLIF($9, 0), "
      "NULLIF($10, ''), $11, NULLIF($12, '')) ON CONFLICT (idempotency_key) DO NOTHING "
      "RETURNING case_id",
      caseFile.idempotencyKey, caseFile.merchantId, caseFile.requestedAmountCny,
      caseFile.termMonths, nullIfEmpty(caseFile.purpose), caseJson, releases.rulesRelease,
      releases.modelRelease, releases.experimentId, releases.arm, status, channel);
  if (inserted.empty()) {
    tx.abort();
    return submit(caseFile, channel);  // lost the race: report the winner's case
  }
  tx.commit();
  return {inserted[0][0].as<std::int64_t>(), true, status};
}

std::int64_t CaseRepository::claimNext(const std::string& worker, int leaseSeconds) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  const auto claimed = tx.exec_params(
      "UPDATE applications SET status = 'processing', lease_owner = $1, "
      "lease_expires_at = now() + make_interval(secs => $2), attempts = attempts + 1 "
      "WHERE case_id = (SELECT case_id FROM applications "
      "  WHERE status = 'submitted' OR (status = 'processing' AND lease_expires_at < now()) "
      "  ORDER BY submitted_at, case_id FOR UPDATE SKIP LOCKED LIMIT 1) "
      "RETURNING case_id",
      worker, leaseSeconds);
  tx.commit();
  return claimed.empty() ? 0 : claimed[0][0].as<std::int64_t>();
}

long CaseRepository::unfinishedCount() {
  pqxx::connection& connection = session().connection;
  pqxx::read_transaction tx(connection);
  return tx
      .exec("SELECT count(*) FROM applications WHERE status IN ('submitted', 'processing')")[0][0]
      .as<long>();
}

bool CaseRepository::renewLease(std::int64_t caseId, const std::string& worker, int leaseSeconds) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  const auto renewed = tx.exec_params(
      "UPDATE applications SET lease_expires_at = now() + make_interval(secs => $3) "
      "WHERE case_id = $1 AND status = 'processing' AND lease_owner = $2 RETURNING case_id",
      caseId, worker, leaseSeconds);
  tx.commit();
  return !renewed.empty();
}

bool CaseRepository::claim(std::int64_t caseId, const std::string& decider) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  const auto claimed = tx.exec_params(
      "UPDATE applications SET status = 'processing', lease_owner = $2, "
      "lease_expires_at = now() + interval '5 minutes', attempts = attempts + 1 "
      "WHERE case_id = $1 AND status = 'submitted' RETURNING case_id",
      caseId, decider);
  tx.commit();
  return !claimed.empty();
}

void CaseRepository::recordEvidenceGathered(std::int64_t caseId,
                                            const std::vector<Evidence>& evidence) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  for (const auto& item : evidence)
    tx.exec_params(
        "INSERT INTO audit_log (case_id, action, detail) VALUES ($1, 'evidence_gathered', "
        "$2::jsonb)",
        caseId,
        nlohmann::json({{"source_id", item.sourceId},
                        {"status", toString(item.status)},
                        {"duration_ms", item.totalMilliseconds()}})
            .dump());
  tx.commit();
}

void CaseRepository::recordDecision(std::int64_t caseId, const std::vector<Evidence>& evidence,
                                    const Decision& decision, const std::string& modelContent,
                                    const std::string& ruleSetContent,
                                    const nlohmann::json& featureCatalog,
                                    const std::string& decider,
                                    const std::map<std::string, nlohmann::json>& storedForms) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  nlohmann::json evidenceJson = nlohmann::json::array();
  nlohmann::json durations = nlohmann::json::array();
  for (const auto& item : evidence) {
    // Photos and quicklooks go to artifact_blobs once; both copies below hold references.
    const auto storedForm = storedForms.find(item.sourceId);
    evidenceJson.push_back(storedForm != storedForms.end() ? storedForm->second
                                                           : ArtifactBlobStore::store(tx, item));
    durations.push_back(item.totalMilliseconds());
  }
  Session& current = session();
  const std::string ruleSetKey = storeModelAndRuleSet(
      tx, current.storedModels, current.storedRuleSets, decision.modelSha256, modelContent,
      decision.ruleSetName, decision.ruleSetVersion, decision.ruleSetSha256, ruleSetContent);

  // The status trigger's audit row comes before decision_recorded's.
  const nlohmann::json decisionJson = decision.toJson();
  const auto rows = tx.exec_params(
      kRecordDecision, caseId, decision.outcome, decision.limitCny, decision.annualRate,
      decision.probabilityOfDefault, decisionJson.at("reasons").dump(),
      decisionJson.at("rules_fired").dump(), decision.counterfactual, decision.modelSha256,
      decision.ruleSetName, decision.ruleSetVersion, evidenceJson.dump(), durations.dump(),
      nlohmann::json(decision.pluginVersions).dump(), featureCatalog.dump(), decider,
      statusFor(decision.outcome), decision.ruleSetSha256, decisionJson.dump());
  if (rows.empty()) throw noSuchCase(caseId);
  const auto& stored = rows[0];
  if (!stored[1].as<bool>())
    throw std::runtime_error(ruleSetConflict(decision.ruleSetName, decision.ruleSetVersion));
  if (stored[2].as<long>() == 0)
    throw LeaseLost("case " + std::to_string(caseId) + " is no longer held by " + decider +
                    "; its decision was not stored");
  tx.exec_params(
      "INSERT INTO audit_log (case_id, action, detail) VALUES ($1, 'decision_recorded', $2::jsonb)",
      caseId,
      nlohmann::json({{"decision_id", stored[0].as<std::int64_t>()},
                      {"outcome", decision.outcome},
                      {"limit_cny", decision.limitCny},
                      {"decided_by", decider}})
          .dump());
  tx.commit();
  current.storedModels.insert(decision.modelSha256);
  current.storedRuleSets.insert(ruleSetKey);
}

void CaseRepository::referAfterError(std::int64_t caseId, const std::string& decider,
                                     const std::string& error) {
  pqxx::connection& connection = session().connection;
  pqxx::work tx(connection);
  const auto moved = tx.exec_params(
      "UPDATE applications SET status = 'referred', lease_owner = NULL, lease_expires_at = NULL "
      "WHERE case_id = $1 AND status = 'processing' AND lease_owner = $2 RETURNING case_id",
      caseId, decider);
  if (moved.empty())
    throw LeaseLost("case " + std::to_string(caseId) + " is no longer held by " + decider);
  const nlohmann::json rule =
      nlohmann::json::array({{{"id", "PROCESSING-ERROR"},
                              {"action", "refer"},
                              {"text", "The case could not be decided automatically: " + error}}});
  tx.exec_params(
      "INSERT INTO decisions (case_id, kind, outcome, rules_fired, inputs, decided_by) "
      "VALUES ($1, 'automatic', 'refer', $2::jsonb, '{}'::jsonb, $3)",
      caseId, rule.dump(), decider);
  tx.exec_params(
      "INSERT INTO audit_log (case_id, action, detail) VALUES ($1, 'referred_after_error', "
      "$2::jsonb)",
      caseId, nlohmann::json({{"error", error}, {"decided_by", decider}}).dump());
  tx.commit();
}

void CaseRepository::checkRuleSetVersion(const std::string& name, const std::string& version,
                                         const std::string& sha256) const {
  pqxx::connection& connection = session().connection;
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params("SELECT sha256 FROM rule_sets WHERE name = $1 AND version = $2",
                                   name, version);
  if (!rows.empty() && rows[0][0].as<std::string>() != sha256)
    throw std::invalid_argument(ruleSetConflict(name, version));
}

StoredCase CaseRepository::load(std::int64_t caseId) const {
  pqxx::connection& connection = session().connection;
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params(std::string("SELECT ") + kCaseColumns +
                                       ", to_jsonb(m) FROM applications a JOIN "
                                       "merchant_directory m USING (merchant_id) "
                                       "WHERE a.case_id = $1",
                                   caseId);
  if (rows.empty()) throw noSuchCase(caseId);
  StoredCase stored = caseFromRow(caseId, rows[0]);
  stored.merchant = nlohmann::json::parse(rows[0][kCaseColumnCount].as<std::string>());
  for (const auto& row : tx.exec_params(
           "SELECT evidence FROM evidence_runs WHERE case_id = $1 ORDER BY run_id", caseId))
    stored.evidence.push_back(nlohmann::json::parse(row[0].as<std::string>()));
  for (const auto& row : tx.exec_params("SELECT decision_id, kind, outcome, limit_cny::float8, "
                                        "annual_rate::float8, pd, decided_by, "
                                        "reason, created_at::text, inputs FROM decisions WHERE "
                                        "case_id = $1 ORDER BY decision_id",
                                        caseId)) {
    nlohmann::json decision = {{"decision_id", row[0].as<std::int64_t>()},
                               {"kind", row[1].as<std::string>()},
                               {"outcome", row[2].as<std::string>()},
                               {"limit_cny", row[3].is_null() ? 0.0 : row[3].as<double>()},
                               {"annual_rate", row[4].is_null() ? 0.0 : row[4].as<double>()},
                               {"pd", row[5].is_null() ? 0.0 : row[5].as<double>()},
                               {"decided_by", row[6].as<std::string>()},
                               {"reason", nullable(row[7])},
                               {"created_at", row[8].as<std::string>()}};
    if (decision["kind"] == "automatic")
      stored.automaticDecision = nlohmann::json::parse(row[9].as<std::string>());
    stored.decisions.push_back(std::move(decision));
  }
  for (const auto& row : tx.exec_params("SELECT audit_id, occurred_at::text, actor, action, detail "
                                        "FROM audit_log WHERE case_id = $1 "
                                        "ORDER BY audit_id",
                                        caseId))
    stored.audit.push_back({{"audit_id", row[0].as<std::int64_t>()},
                            {"occurred_at", row[1].as<std::string>()},
                            {"actor", row[2].as<std::string>()},
                            {"action", row[3].as<std::string>()},
                            {"detail", nlohmann::json::parse(row[4].as<std::string>())}});
  // Readers (the workbench, 'aviary case show') see the artifacts' bytes as before.
  std::vector<nlohmann::json*> documents;
  for (auto& item : stored.evidence) documents.push_back(&item);
  if (stored.automaticDecision && stored.automaticDecision->contains("evidence") &&
      (*stored.automaticDecision)["evidence"].is_array())
    for (auto& item : (*stored.automaticDecision)["evidence"]) documents.push_back(&item);
  ArtifactBlobStore::resolve(tx, documents);
  return stored;
}

StoredCase CaseRepository::loadForDecision(std::int64_t caseId) const {
  pqxx::nontransaction tx(session().connection);  // one statement: no BEGIN and COMMIT
  const auto rows = tx.exec_params(
      std::string("SELECT ") + kCaseColumns + " FROM applications a WHERE a.case_id = $1", caseId);
  if (rows.empty()) throw noSuchCase(caseId);
  return caseFromRow(caseId, rows[0]);
}

void CaseRepository::prepareForDecisions(const std::string& modelSha256,
                                         const std::string& modelContent,
                                         const std::string& ruleSetName,
                                         const std::string& ruleSetVersion,
                                         const std::string& ruleSetSha256,
                                         const std::string& ruleSetContent) {
  Session& current = session();
  pqxx::work tx(current.connection);
  const std::string ruleSetKey = storeModelAndRuleSet(
      tx, current.storedModels, current.storedRuleSets, modelSha256, modelContent, ruleSetName,
      ruleSetVersion, ruleSetSha256, ruleSetContent);
  // EXPLAIN plans without executing: the tables and indexes a decision writes are looked up
  // in the catalogs now. The DO block loads PL/pgSQL, which the status triggers are written in.
  tx.exec_params(std::string("EXPLAIN ") + kRecordDecision, 0, "refer", 0.0, 0.0, 0.0, "[]", "[]",
                 "", "", "", "", "[]", "[]", "{}", "{}", "", "referred", "", "{}");
  tx.exec("DO $$ BEGIN END $$");
  tx.commit();
  current.storedModels.insert(modelSha256);
  current.storedRuleSets.insert(ruleSetKey);
}

std::string CaseRepository::modelContent(const std::string& sha256) const {
  pqxx::connection& connection = session().connection;
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params("SELECT content FROM models WHERE sha256 = $1", sha256);
  if (rows.empty())
    throw std::runtime_error("model " + sha256.substr(0, 12) + " is not stored in the database");
  return rows[0][0].as<std::string>();
}

std::string CaseRepository::ruleSetContent(const std::string& name,
                                           const std::string& version) const {
  pqxx::connection& connection = session().connection;
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params("SELECT content FROM rule_sets WHERE name = $1 AND version = $2",
                                   name, version);
  if (rows.empty())
    throw std::runtime_error("rule set " + name + " " + version + " is not stored in the database");
  return rows[0][0].as<std::string>();
}

}  // namespace aviary
