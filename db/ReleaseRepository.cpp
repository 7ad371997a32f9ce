#include "ReleaseRepository.h"

#include <stdexcept>

#include <pqxx/pqxx>

namespace aviary {
namespace {

const char* const kReleaseColumns =
    "r.release_id, r.kind, r.version, COALESCE(s.sha256, m.sha256), r.note, r.checks::text, "
    "r.proposed_by, r.proposed_at::text, COALESCE(r.approved_by, ''), "
    "COALESCE(r.approved_at::text, ''), COALESCE(r.retired_at::text, '') "
    "FROM releases r LEFT JOIN rule_sets s USING (rule_set_id) LEFT JOIN models m USING "
    "(model_id) ";

Release releaseFrom(const pqxx::row& row) {
  Release release;
  release.releaseId = row[0].as<std::int64_t>();
  release.kind = row[1].as<std::string>();
  release.version = row[2].as<std::string>();
  release.sha256 = row[3].as<std::string>();
  release.note = row[4].as<std::string>();
  release.checks = nlohmann::json::parse(row[5].as<std::string>());
  release.proposedBy = row[6].as<std::string>();
  release.proposedAt = row[7].as<std::string>();
  release.approvedBy = row[8].as<std::string>();
  release.approvedAt = row[9].as<std::string>();
  release.retiredAt = row[10].as<std::string>();
  return release;
}

std::string kindName(const std::string& kind) {
  return kind == "rules" ? "rule set" : "model";
}

void audit(pqxx::transaction_base& tx, const std::string& action, const Release& release) {
  tx.exec_params("INSERT INTO audit_log (action, detail) VALUES ($1, $2::jsonb)", action,
                 nlohmann::json({{"kind", release.kind},
                                 {"version", release.version},
                                 {"sha256", release.sha256},
                                 {"release_id", release.releaseId}})
                     .dump());
}

std::optional<Release> findIn(pqxx::transaction_base& tx, const std::string& kind,
                              const std::string& version) {
  const auto rows = tx.exec_params(
      std::string("SELECT ") + kReleaseColumns + "WHERE r.kind = $1 AND r.version = $2", kind,
      version);
  if (rows.empty()) return std::nullopt;
  return releaseFrom(rows[0]);
}

}  // namespace

ReleaseRepository::ReleaseRepository(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

Release ReleaseRepository::proposeRules(const std::string& name, const std::string& version,
                                        const std::string& sha256, const std::string& content,
                                        const std::string& note, const nlohmann::json& checks) {
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  tx.exec_params(
      "INSERT INTO rule_sets (name, version, sha256, content) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (name, version) DO NOTHING",
      name, version, sha256, content);
  const auto stored = tx.exec_params1(
      "SELECT rule_set_id, sha256 FROM rule_sets WHERE name = $1 AND version = $2", name, version);
  if (stored[1].as<std::string>() != sha256)
    throw std::invalid_argument("rule set " + name + " version " + version +
                                " is already stored with different content: give the edited "
                                "rule file a new version");
  const Release release =
      propose(tx, "rules", version, "rule_set_id", stored[0].as<std::int64_t>(), note, checks);
  tx.commit();
  return release;
}

Release ReleaseRepository::proposeModel(const std::string& version, const std::string& sha256,
                                        const std::string& content, const std::string& note,
                                        const nlohmann::json& checks) {
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  tx.exec_params(
      "INSERT INTO models (name, version, kind, sha256, content) VALUES ('credit', $1, 'credit', "
      "$2, $3) ON CONFLICT DO NOTHING",
      version, sha256, content);
  const auto stored = tx.exec_params("SELECT model_id FROM models WHERE sha256 = $1", sha256);
  if (stored.empty())
    throw std::invalid_argument("model version " + version +
                                " is already stored for another model file: choose a new version");
  const Release release =
      propose(tx, "model", version, "model_id", stored[0][0].as<std::int64_t>(), note, checks);
  tx.commit();
  return release;
}

Release ReleaseRepository::propose(pqxx::transaction_base& tx, const std::string& kind,
                                   const std::string& version, const std::string& column,
                                   std::int64_t contentId, const std::string& note,
                                   const nlohmann::json& checks) {
  if (note.find_first_not_of(" \t\r\n") == std::string::npos)
    throw std::invalid_argument("a proposal needs a note saying what changes and why (--note)");
  if (const auto existing = findIn(tx, kind, version)) {
    throw std::invalid_argument(kindName(kind) + " version " + version +
                                " was already proposed by " + existing->proposedBy + " (" +
                                existing->state() + "): propose a new version");
  }
  // `column` is one of two fixed names, never user text.
  tx.exec_params("INSERT INTO releases (kind, version, " + column +
                     ", note, checks) VALUES ($1, $2, $3, $4, $5::jsonb)",
                 kind, version, contentId, note, checks.dump());
  const Release release = *findIn(tx, kind, version);
  audit(tx, "release_proposed", release);
  return release;
}

Release ReleaseRepository::approve(const std::string& kind, const std::string& version) {
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  // One approval at a time per kind, so two can never both become live.
  tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('aviary-release-' || $1))", kind);
  const auto found = findIn(tx, kind, version);
  if (!found)
    throw std::invalid_argument("no " + kindName(kind) + " version " + version +
                                " was proposed: see 'aviary " +
                                (kind == "rules" ? "policy" : "model") + " list'");
  if (found->state() != "proposed")
    throw std::invalid_argument(kindName(kind) + " version " + version + " is already " +
                                found->state());
  const std::string me = tx.exec1("SELECT session_user")[0].as<std::string>();
  if (me == found->proposedBy)
    throw std::invalid_argument(me + " proposed " + kindName(kind) + " version " + version +
                                " and cannot also approve it: another admin must (maker-checker)");
  tx.exec_params(
      "UPDATE releases SET retired_at = now() WHERE kind = $1 AND approved_at IS NOT NULL "
      "AND retired_at IS NULL",
      kind);
  tx.exec_params("UPDATE releases SET approved_at = now() WHERE release_id = $1", found->releaseId);
  const Release release = *findIn(tx, kind, version);
  audit(tx, "release_approved", release);
  tx.commit();
  return release;
}

std::vector<Release> ReleaseRepository::list(const std::string& kind) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  std::vector<Release> releases;
  for (const auto& row : tx.exec_params(
           std::string("SELECT ") + kReleaseColumns + "WHERE r.kind = $1 ORDER BY r.release_id",
           kind))
    releases.push_back(releaseFrom(row));
  return releases;
}

std::optional<Release> ReleaseRepository::find(const std::string& kind,
                                               const std::string& version) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  return findIn(tx, kind, version);
}

std::optional<Release> ReleaseRepository::live(const std::string& kind) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params(std::string("SELECT ") + kReleaseColumns +
                                       "WHERE r.kind = $1 AND r.approved_at IS NOT NULL "
                                       "AND r.retired_at IS NULL",
                                   kind);
  if (rows.empty()) return std::nullopt;
  return releaseFrom(rows[0]);
}

std::string ReleaseRepository::content(std::int64_t releaseId) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params(
      "SELECT COALESCE(s.content, m.content) FROM releases r LEFT JOIN rule_sets s "
      "USING (rule_set_id) LEFT JOIN models m USING (model_id) WHERE r.release_id = $1",
      releaseId);
  if (rows.empty())
    throw std::invalid_argument("release " + std::to_string(releaseId) + " does not exist");
  return rows[0][0].as<std::string>();
}

std::string ReleaseRepository::actor() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  return tx.exec1("SELECT session_user")[0].as<std::string>();
}

}  // namespace aviary
