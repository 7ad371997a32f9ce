#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "Migration.h"
#include "MigrationStatus.h"

namespace pqxx {
class connection_base;
}

namespace aviary {

// Applies versioned SQL migrations, Flyway style: once each, in order, each in its own
// transaction together with its history row (which records a checksum), under a session
// advisory lock so two admins cannot migrate at once.
class MigrationRunner {
 public:
  // `schema`: a plugin's own schema; its history table and tables live there (created on the
  // first migrate). Empty: the host's (public) schema.
  MigrationRunner(std::string connectionString, std::filesystem::path migrationsDirectory,
                  std::string schema = {});

  // AVIARY_MIGRATIONS_DIR, <exe>/../share/aviary/migrations, or the source tree's.
  static std::filesystem::path defaultMigrationsDirectory();

  // Reads and checks the files: names must be V<digits>__<description>.sql, versions unique.
  std::vector<Migration> discover() const;

  // Applies pending migrations; returns the ones it applied. Refuses to run when an applied
  // file was edited (see validate).
  std::vector<Migration> migrate() const;
  std::vector<MigrationStatus> status() const;
  // Problems that make the database untrustworthy: edited or missing applied files.
  std::vector<std::string> validate() const;

  static constexpr const char* kHistoryTable = "schema_history";

 private:
  void enterSchema(pqxx::connection_base& connection, bool create) const;

  std::string connectionString_;
  std::filesystem::path directory_;
  std::string schema_;
};

}  // namespace aviary
