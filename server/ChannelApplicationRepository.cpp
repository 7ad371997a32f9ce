#include "ChannelApplicationRepository.h"

#include "ApiProblem.h"
#include "ArtifactBlobStore.h"
#include "EvidenceJson.h"

namespace aviary {
namespace {

ApiProblem notFound(std::int64_t caseId) {
  return ApiProblem(404, "Application not found",
                    "this channel has no application " + std::to_string(caseId) +
                        ": use the id POST /v1/applications returned");
}

void audit(pqxx::transaction_base& tx, std::int64_t caseId, const std::string& action,
           const nlohmann::json& detail) {
  tx.exec_params("INSERT INTO audit_log (case_id, action, detail) VALUES ($1, $2, $3::jsonb)",
                 caseId, action, detail.dump());
}

}  // namespace

ChannelApplicationRepository::ChannelApplicationRepository(const std::string& connectionString)
    : connection_(connectionString) {}

ChannelApplication ChannelApplicationRepository::read(pqxx::transaction_base& tx,
                                                      std::int64_t caseId,
                                                      const std::string& channel, bool lock) {
  const auto rows = tx.exec_params(
      std::string("SELECT a.status, a.case_file, COALESCE(c.inputs, '{}'), "
                  "COALESCE(c.uploads, '{}'), COALESCE(c.interview_answers, '[]') "
                  "FROM applications a LEFT JOIN channel_applications c USING (case_id) "
                  "WHERE a.case_id = $1 AND a.channel = $2") +
          (lock ? " FOR UPDATE OF a" : ""),
      caseId, channel);
  if (rows.empty()) throw notFound(caseId);
  ChannelApplication application;
  application.caseId = caseId;
  application.channel = channel;
  application.status = rows[0][0].as<std::string>();
  application.caseFile = nlohmann::json::parse(rows[0][1].as<std::string>());
  application.inputs = nlohmann::json::parse(rows[0][2].as<std::string>());
  application.uploads = nlohmann::json::parse(rows[0][3].as<std::string>());
  application.interviewAnswers = nlohmann::json::parse(rows[0][4].as<std::string>());
  return application;
}

ChannelApplication ChannelApplicationRepository::load(std::int64_t caseId,
                                                      const std::string& channel) {
  pqxx::read_transaction tx(connection_);
  return read(tx, caseId, channel, false);
}

ChannelApplication ChannelApplicationRepository::change(
    std::int64_t caseId, const std::string& channel,
    const std::function<void(ChannelApplication&)>& edit, const std::string& action,
    const nlohmann::json& detail) {
  pqxx::work tx(connection_);
  ChannelApplication application = read(tx, caseId, channel, true);
  if (application.status != "collecting")
    throw ApiProblem(409, "Application already submitted",
                     "application " + std::to_string(caseId) + " is " + application.status +
                         " and takes no more evidence: GET it for its decision, or open a new "
                         "application");
  edit(application);
  tx.exec_params(
      "INSERT INTO channel_applications (case_id, inputs, uploads, interview_answers) "
      "VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb) ON CONFLICT (case_id) DO UPDATE SET "
      "inputs = EXCLUDED.inputs, uploads = EXCLUDED.uploads, "
      "interview_answers = EXCLUDED.interview_answers, updated_at = now()",
      caseId, application.inputs.dump(), application.uploads.dump(),
      application.interviewAnswers.dump());
  audit(tx, caseId, action, detail);
  tx.commit();
  return application;
}

void ChannelApplicationRepository::storeReading(std::int64_t caseId, const Evidence& evidence,
                                                const std::string& inputsSha256) {
  pqxx::work tx(connection_);
  tx.exec_params(
      "INSERT INTO channel_evidence (case_id, source_id, inputs_sha256, evidence) "
      "VALUES ($1, $2, $3, $4::jsonb)",
      caseId, evidence.sourceId, inputsSha256, ArtifactBlobStore::store(tx, evidence).dump());
  audit(tx, caseId, "evidence_read",
        {{"source_id", evidence.sourceId},
         {"status", toString(evidence.status)},
         {"duration_ms", evidence.totalMilliseconds()}});
  tx.commit();
}

std::optional<std::vector<StoredEvidence>> ChannelApplicationRepository::handOver(
    std::int64_t caseId, const std::string& channel,
    const std::function<std::map<std::string, std::string>(const ChannelApplication&)>&
        inputsSha256,
    const std::string& decider, int leaseSeconds) {
  pqxx::work tx(connection_);
  const ChannelApplication application = read(tx, caseId, channel, true);
  if (application.status != "collecting") return std::nullopt;
  std::vector<StoredEvidence> readings;
  // Every source's latest current reading in one query; $2 is {source: inputs hash}.
  for (const auto& row :
       tx.exec_params("SELECT DISTINCT ON (source_id) evidence FROM channel_evidence "
                      "WHERE case_id = $1 AND inputs_sha256 = $2::jsonb ->> source_id "
                      "ORDER BY source_id, reading_id DESC",
                      caseId, nlohmann::json(inputsSha256(application)).dump())) {
    StoredEvidence reading;
    reading.stored = nlohmann::json::parse(row[0].as<std::string>());
    reading.evidence = evidenceFromJson(reading.stored);
    readings.push_back(std::move(reading));
  }
  // The inputs join the case file in the database, as the channel row holds them.
  tx.exec_params(
      "UPDATE applications SET case_file = case_file || jsonb_build_object('inputs', "
      "COALESCE((SELECT inputs FROM channel_applications WHERE case_id = $1), '{}'::jsonb)), "
      "status = 'processing', lease_owner = $2, "
      "lease_expires_at = now() + make_interval(secs => $3), attempts = attempts + 1 "
      "WHERE case_id = $1",
      caseId, decider, leaseSeconds);
  audit(tx, caseId, "application_submitted",
        {{"channel", channel}, {"sources", application.inputs}});
  tx.commit();
  return readings;
}

nlohmann::json ChannelApplicationRepository::latestDecision(std::int64_t caseId) {
  pqxx::read_transaction tx(connection_);
  const auto rows = tx.exec_params(
      "SELECT decision_id, kind, outcome, COALESCE(limit_cny::float8, 0), "
      "COALESCE(annual_rate::float8, 0), COALESCE(pd, 0), reasons, rules_fired, "
      "COALESCE(counterfactual, ''), created_at::text FROM decisions WHERE case_id = $1 "
      "ORDER BY decision_id DESC LIMIT 1",
      caseId);
  if (rows.empty()) return nullptr;
  const auto& row = rows[0];
  return {{"decision_id", row[0].as<std::int64_t>()},
          {"kind", row[1].as<std::string>()},
          {"outcome", row[2].as<std::string>()},
          {"limit_cny", row[3].as<double>()},
          {"annual_rate", row[4].as<double>()},
          {"pd", row[5].as<double>()},
          {"reasons", nlohmann::json::parse(row[6].as<std::string>())},
          {"rules_fired", nlohmann::json::parse(row[7].as<std::string>())},
          {"hint", row[8].as<std::string>()},
          {"decided_at", row[9].as<std::string>()}};
}

}  // namespace aviary
