#include "MigrationRunner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include <pqxx/pqxx>

#include "ResourceLocator.h"
#include "Sha256.h"

namespace aviary {
namespace fs = std::filesystem;

namespace {

// Any fixed 64-bit key works; every Aviary process must use the same one.
constexpr long long kMigrationLockKey = 0x4156494152590001LL;

struct AppliedRow {
  std::string description;
  std::string checksum;
  std::string appliedAt;
};

bool historyExists(pqxx::transaction_base& tx) {
  return !tx.exec_params(
                "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND "
                "tablename = $1",
                MigrationRunner::kHistoryTable)
              .empty();
}

std::map<int, AppliedRow> readApplied(pqxx::transaction_base& tx) {
  std::map<int, AppliedRow> applied;
  if (!historyExists(tx)) return applied;
  for (const auto& row :
       tx.exec("SELECT version, description, checksum, installed_at::text FROM schema_history"))
    applied[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>(),
                                 row[3].as<std::string>()};
  return applied;
}

std::map<int, std::string> readFailures(pqxx::transaction_base& tx) {
  std::map<int, std::string> failures;
  if (tx.exec("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND "
              "tablename = 'schema_history_failures'")
          .empty())
    return failures;
  for (const auto& row : tx.exec("SELECT DISTINCT ON (version) version, error FROM "
                                 "schema_history_failures ORDER BY version, attempted_at DESC"))
    failures[row[0].as<int>()] = row[1].as<std::string>();
  return failures;
}

std::vector<std::string> findProblems(const std::vector<Migration>& files,
                                      const std::map<int, AppliedRow>& applied) {
  std::vector<std::string> problems;
  std::map<int, const Migration*> byVersion;
  for (const auto& migration : files) byVersion[migration.version] = &migration;
  for (const auto& [version, row] : applied) {
    const auto file = byVersion.find(version);
    if (file == byVersion.end())
      problems.push_back("migration V" + std::to_string(version) + " (" + row.description +
                         ") was applied but its file is missing: restore it from version control");
    else if (file->second->checksum != row.checksum)
      problems.push_back("migration " + file->second->file.filename().string() +
                         " was edited after it was applied (checksum " +
                         row.checksum.substr(0, 12) + " in the database, " +
                         file->second->checksum.substr(0, 12) +
                         " on disk): restore the original and put the change in a new migration");
  }
  return problems;
}

}  // namespace

MigrationRunner::MigrationRunner(std::string connectionString, fs::path migrationsDirectory,
                                 std::string schema)
    : connectionString_(std::move(connectionString)),
      directory_(std::move(migrationsDirectory)),
      schema_(std::move(schema)) {
  static const std::regex safeSchema("[a-z_][a-z0-9_]*");
  if (!schema_.empty() && !std::regex_match(schema_, safeSchema))
    throw std::invalid_argument("schema '" + schema_ + "' is not a plain lower-case name");
}

void MigrationRunner::enterSchema(pqxx::connection_base& connection, bool create) const {
  if (schema_.empty()) return;
  pqxx::nontransaction tx(connection);
  // schema_ is checked to be a plain identifier in the constructor.
  if (create) tx.exec("CREATE SCHEMA IF NOT EXISTS " + schema_);
  tx.exec("SET search_path TO " + schema_ + ", public");
}

fs::path MigrationRunner::defaultMigrationsDirectory() {
  return ResourceLocator::find("migrations", "AVIARY_MIGRATIONS_DIR");
}

std::vector<Migration> MigrationRunner::discover() const {
  if (!fs::is_directory(directory_))
    throw std::runtime_error("migrations folder " + directory_.string() +
                             " not found: set AVIARY_MIGRATIONS_DIR");
  static const std::regex pattern(R"(V(\d+)__([A-Za-z0-9_]+)\.sql)");
  std::vector<Migration> migrations;
  std::set<int> seen;
  for (const auto& entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch match;
    if (!std::regex_match(name, match, pattern))
      throw std::runtime_error("migration file " + name +
                               " is misnamed: use V<number>__<description>.sql");
    Migration migration;
    migration.version = std::stoi(match[1]);
    migration.description = match[2];
    std::replace(migration.description.begin(), migration.description.end(), '_', ' ');
    migration.file = entry.path();
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    migration.sql = bytes.str();
    migration.checksum = sha256Hex(migration.sql);
    if (!seen.insert(migration.version).second)
      throw std::runtime_error("two migration files share version " + match[1].str() +
                               ": renumber one of them");
    migrations.push_back(std::move(migration));
  }
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return migrations;
}

std::vector<Migration> MigrationRunner::migrate() const {
  const auto files = discover();
  pqxx::connection connection(connectionString_);
  enterSchema(connection, true);
  {
    pqxx::nontransaction lock(connection);
    lock.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  std::vector<Migration> appliedNow;
  try {
    {
      pqxx::work setup(connection);
      setup.exec(
          "CREATE TABLE IF NOT EXISTS schema_history ("
          " version integer PRIMARY KEY, description text NOT NULL, checksum text NOT NULL,"
          " installed_by text NOT NULL DEFAULT current_user,"
          " installed_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT NULL);"
          "CREATE TABLE IF NOT EXISTS schema_history_failures ("
          " version integer NOT NULL, checksum text NOT NULL, error text NOT NULL,"
          " attempted_at timestamptz NOT NULL DEFAULT now())");
      setup.commit();
    }
    std::map<int, AppliedRow> applied;
    {
      pqxx::read_transaction read(connection);
      applied = readApplied(read);
    }
    const auto problems = findProblems(files, applied);
    if (!problems.empty()) throw std::runtime_error("refusing to migrate: " + problems.front());

    for (const auto& migration : files) {
      if (applied.contains(migration.version)) continue;
      const auto started = std::chrono::steady_clock::now();
      try {
        pqxx::work tx(connection);
        tx.exec(migration.sql);
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - started)
                                 .count();
        tx.exec_params(
            "INSERT INTO schema_history (version, description, checksum, execution_ms) "
            "VALUES ($1, $2, $3, $4)",
            migration.version, migration.description, migration.checksum,
            static_cast<int>(elapsed));
        tx.commit();
      } catch (const std::exception& error) {
        pqxx::work record(connection);
        record.exec_params(
            "INSERT INTO schema_history_failures (version, checksum, error) VALUES ($1, $2, $3)",
            migration.version, migration.checksum, std::string(error.what()));
        record.commit();
        std::string message = error.what();
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
          message.pop_back();
        throw std::runtime_error("migration " + migration.file.filename().string() +
                                 " failed and was rolled back: " + message +
                                 ". Fix the file and run 'aviary db migrate' again.");
      }
      appliedNow.push_back(migration);
    }
  } catch (...) {
    pqxx::nontransaction unlock(connection);
    unlock.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    throw;
  }
  pqxx::nontransaction unlock(connection);
  unlock.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
  return appliedNow;
}

std::vector<MigrationStatus> MigrationRunner::status() const {
  const auto files = discover();
  pqxx::connection connection(connectionString_);
  enterSchema(connection, false);
  pqxx::read_transaction tx(connection);
  const auto applied = readApplied(tx);
  const auto failures = readFailures(tx);
  std::vector<MigrationStatus> rows;
  std::set<int> fileVersions;
  for (const auto& migration : files) {
    fileVersions.insert(migration.version);
    MigrationStatus row{migration.version, migration.description, MigrationStatus::State::Pending,
                        "", ""};
    if (const auto found = applied.find(migration.version); found != applied.end()) {
      row.appliedAt = found->second.appliedAt;
      row.state = found->second.checksum == migration.checksum ? MigrationStatus::State::Applied
                                                               : MigrationStatus::State::Edited;
    } else if (const auto failed = failures.find(migration.version); failed != failures.end()) {
      row.state = MigrationStatus::State::Failed;
      row.error = failed->second;
    }
    rows.push_back(row);
  }
  for (const auto& [version, row] : applied)
    if (!fileVersions.contains(version))
      rows.push_back(
          {version, row.description, MigrationStatus::State::MissingFile, row.appliedAt, ""});
  std::sort(rows.begin(), rows.end(), [](const MigrationStatus& a, const MigrationStatus& b) {
    return a.version < b.version;
  });
  return rows;
}

std::vector<std::string> MigrationRunner::validate() const {
  const auto files = discover();
  pqxx::connection connection(connectionString_);
  enterSchema(connection, false);
  pqxx::read_transaction tx(connection);
  return findProblems(files, readApplied(tx));
}

const char* toString(MigrationStatus::State state) {
  switch (state) {
    case MigrationStatus::State::Applied:
      return "applied";
    case MigrationStatus::State::Pending:
      return "pending";
    case MigrationStatus::State::Failed:
      return "failed";
    case MigrationStatus::State::Edited:
      return "edited";
    case MigrationStatus::State::MissingFile:
      return "missing file";
  }
  return "pending";
}

}  // namespace aviary
