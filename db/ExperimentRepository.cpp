#include "ExperimentRepository.h"

#include <cstring>
#include <random>
#include <stdexcept>

#include <pqxx/pqxx>

#include "Sha256.h"

namespace aviary {
namespace {

const char* const kExperimentColumns =
    "e.experiment_id, e.challenger_rules, COALESCE(e.challenger_model, 0), rr.version, "
    "COALESCE(mr.version, ''), e.share, e.salt, COALESCE(e.note, ''), e.started_by, "
    "e.started_at::text, COALESCE(e.stopped_by, ''), COALESCE(e.stopped_at::text, '') "
    "FROM experiments e JOIN releases rr ON rr.release_id = e.challenger_rules "
    "LEFT JOIN releases mr ON mr.release_id = e.challenger_model ";

Experiment experimentFrom(const pqxx::row& row) {
  Experiment experiment;
  experiment.experimentId = row[0].as<std::int64_t>();
  experiment.challengerRulesRelease = row[1].as<std::int64_t>();
  experiment.challengerModelRelease = row[2].as<std::int64_t>();
  experiment.challengerRules = row[3].as<std::string>();
  experiment.challengerModel = row[4].as<std::string>();
  experiment.share = row[5].as<double>();
  experiment.salt = row[6].as<std::string>();
  experiment.note = row[7].as<std::string>();
  experiment.startedBy = row[8].as<std::string>();
  experiment.startedAt = row[9].as<std::string>();
  experiment.stoppedBy = row[10].as<std::string>();
  experiment.stoppedAt = row[11].as<std::string>();
  return experiment;
}

std::optional<Experiment> selectOne(pqxx::transaction_base& tx, const std::string& where) {
  const auto rows = tx.exec(std::string("SELECT ") + kExperimentColumns + where);
  if (rows.empty()) return std::nullopt;
  return experimentFrom(rows[0]);
}

std::int64_t releaseId(pqxx::transaction_base& tx, const std::string& kind,
                       const std::string& version) {
  const auto rows = tx.exec_params(
      "SELECT release_id, retired_at IS NOT NULL FROM releases WHERE kind = $1 AND version = $2",
      kind, version);
  const std::string what = kind == "rules" ? "rule set" : "model";
  if (rows.empty())
    throw std::invalid_argument("no " + what + " version " + version +
                                " was proposed: run 'aviary " +
                                (kind == "rules" ? "policy" : "model") +
                                " propose' first, then start the experiment with its version");
  if (rows[0][1].as<bool>())
    throw std::invalid_argument(what + " version " + version +
                                " was retired: a challenger must be proposed or live");
  return rows[0][0].as<std::int64_t>();
}

}  // namespace

ExperimentRepository::ExperimentRepository(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

std::string ExperimentRepository::armFor(const std::string& salt, const std::string& idempotencyKey,
                                         double share) {
  const std::string hash = sha256Hex(salt + ":" + idempotencyKey);
  // The first 52 bits of the hash as a uniform number in [0, 1).
  const double uniform =
      static_cast<double>(std::stoull(hash.substr(0, 13), nullptr, 16)) / 4503599627370496.0;
  return uniform < share ? "challenger" : "champion";
}

Experiment ExperimentRepository::start(const std::string& challengerRules,
                                       const std::string& challengerModel, double share,
                                       const std::string& note) {
  if (!(share > 0 && share < 1))
    throw std::invalid_argument("--share must lie between 0 and 1 (e.g. 0.1 for 10% of new cases)");
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  if (const auto current = selectOne(tx, "WHERE e.stopped_at IS NULL"))
    throw std::invalid_argument("experiment " + std::to_string(current->experimentId) +
                                " is running (challenger " + current->challengerRules +
                                "): stop it first with 'aviary experiment stop'");
  const std::int64_t rules = releaseId(tx, "rules", challengerRules);
  const std::int64_t model = challengerModel.empty() ? 0 : releaseId(tx, "model", challengerModel);
  std::random_device random;
  const std::string salt =
      sha256Hex(std::to_string(random()) + std::to_string(random()) + challengerRules)
          .substr(0, 16);
  const auto inserted = tx.exec_params1(
      "INSERT INTO experiments (challenger_rules, challenger_model, share, salt, note) "
      "VALUES ($1, NULLIF($2, 0), $3, $4, NULLIF($5, '')) RETURNING experiment_id",
      rules, model, share, salt, note);
  const auto experiment =
      *selectOne(tx, "WHERE e.experiment_id = " + std::to_string(inserted[0].as<std::int64_t>()));
  tx.exec_params("INSERT INTO audit_log (action, detail) VALUES ('experiment_started', $1::jsonb)",
                 experiment.toJson().dump());
  tx.commit();
  return experiment;
}

Experiment ExperimentRepository::stop() {
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  const auto current = selectOne(tx, "WHERE e.stopped_at IS NULL");
  if (!current) throw std::invalid_argument("no experiment is running");
  tx.exec_params(
      "UPDATE experiments SET stopped_at = now(), stopped_by = session_user "
      "WHERE experiment_id = $1",
      current->experimentId);
  const auto stopped =
      *selectOne(tx, "WHERE e.experiment_id = " + std::to_string(current->experimentId));
  tx.exec_params("INSERT INTO audit_log (action, detail) VALUES ('experiment_stopped', $1::jsonb)",
                 stopped.toJson().dump());
  tx.commit();
  return stopped;
}

std::optional<Experiment> ExperimentRepository::running() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  return selectOne(tx, "WHERE e.stopped_at IS NULL");
}

std::optional<Experiment> ExperimentRepository::latest() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  return selectOne(tx, "ORDER BY e.stopped_at IS NULL DESC, e.experiment_id DESC LIMIT 1");
}

nlohmann::json ExperimentRepository::report(const Experiment& experiment) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  nlohmann::json arms = nlohmann::json::object();
  for (const auto& row :
       tx.exec_params("SELECT a.arm, count(*), count(d.decision_id), "
                      "count(*) FILTER (WHERE d.outcome = 'approve'), "
                      "count(*) FILTER (WHERE d.outcome = 'decline'), "
                      "count(*) FILTER (WHERE d.outcome = 'refer'), "
                      "COALESCE(sum(d.limit_cny) FILTER (WHERE d.outcome = 'approve'), 0)::float8, "
                      "COALESCE(avg(d.pd), 0)::float8, "
                      "count(o.case_id), count(*) FILTER (WHERE o.bad) "
                      "FROM applications a "
                      "LEFT JOIN decisions d ON d.case_id = a.case_id AND d.kind = 'automatic' "
                      "LEFT JOIN case_outcomes o ON o.case_id = a.case_id "
                      "WHERE a.experiment_id = $1 GROUP BY a.arm ORDER BY a.arm",
                      experiment.experimentId)) {
    const double decided = row[2].as<double>();
    const auto rate = [&](int column) {
      return decided > 0 ? row[column].as<double>() / decided : 0.0;
    };
    const long withOutcome = row[8].as<long>();
    nlohmann::json arm = {
        {"cases", row[1].as<long>()},     {"decided", row[2].as<long>()},
        {"approve_rate", rate(3)},        {"decline_rate", rate(4)},
        {"refer_rate", rate(5)},          {"approved_limit_cny", row[6].as<double>()},
        {"mean_pd", row[7].as<double>()}, {"with_outcome", withOutcome},
        {"bad", row[9].as<long>()}};
    arm["bad_rate"] = withOutcome > 0 ? nlohmann::json(row[9].as<double>() / withOutcome)
                                      : nlohmann::json(nullptr);
    arms[row[0].as<std::string>()] = arm;
  }
  return {{"experiment", experiment.toJson()}, {"arms", arms}};
}

}  // namespace aviary
