#include <iostream>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "DatabaseMigrations.h"
#include "EmbeddedPostgres.h"

namespace aviary::cli {
namespace {

// The database to migrate: the configured one, or the embedded cluster (started on demand).
DatabaseTarget reachableTarget() {
  DatabaseTarget target = DatabaseLocator::locate();
  if (target.embedded) EmbeddedPostgres({target.embeddedRoot, true}).start();
  return target;
}

// The host's migrations and every plugin's (found by their manifests, no plugin code run).
DatabaseMigrations runnerFor(const DatabaseTarget& target) {
  return DatabaseMigrations(target.connectionString, DatabaseMigrations::discover());
}

void migrate() {
  const auto target = reachableTarget();
  const auto applied = runnerFor(target).migrate();
  for (const auto& [component, migration] : applied)
    std::cout << "applied " << component << " V" << migration.version << "  "
              << migration.description << "\n";
  std::cout << (applied.empty() ? "database is up to date" : "migrated") << " ("
            << DatabaseLocator::redact(target.connectionString) << ")\n";
}

void status() {
  const auto target = reachableTarget();
  std::cout << "database: " << DatabaseLocator::redact(target.connectionString) << "  ("
            << target.origin << ")\n";
  int pending = 0;
  for (const auto& [component, row] : runnerFor(target).status()) {
    std::cout << component << " V" << row.version << "  " << toString(row.state) << "  "
              << row.description;
    if (!row.appliedAt.empty()) std::cout << "  " << row.appliedAt;
    if (!row.error.empty()) std::cout << "\n    last attempt failed: " << row.error;
    std::cout << "\n";
    if (row.state != MigrationStatus::State::Applied) ++pending;
  }
  if (pending > 0) std::cout << pending << " migration(s) not applied: run 'aviary db migrate'\n";
}

void validate() {
  const auto problems = runnerFor(reachableTarget()).validate();
  for (const auto& problem : problems) std::cerr << "invalid: " << problem << "\n";
  if (!problems.empty())
    throw CommandError(std::to_string(problems.size()) +
                       " problem(s): the database does not match "
                       "its migration files");
  std::cout << "valid: every applied migration matches its file\n";
}

EmbeddedPostgres embeddedCluster() {
  const auto target = DatabaseLocator::locate();
  if (!target.embedded)
    throw CommandError("the database is configured by " + target.origin +
                       ", not the embedded cluster; manage that server directly");
  return EmbeddedPostgres({target.embeddedRoot, true});
}

}  // namespace

void addDatabaseCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand(
      "db",
      "Operate the database: migrations and the embedded cluster. Uses AVIARY_DATABASE_URL, "
      "else database_url in the config file, else a private cluster started on demand");
  group->require_subcommand(1);
  group->add_subcommand("migrate", "Apply pending migrations, each in its own transaction")
      ->callback(migrate);
  group->add_subcommand("status", "List applied, pending, failed and edited migrations")
      ->callback(status);
  group->add_subcommand("validate", "Refuse a database whose applied migration files were edited")
      ->callback(validate);
  group->add_subcommand("start", "Start the embedded cluster and apply pending migrations")
      ->callback([] {
        const auto target = DatabaseLocator::open();
        std::cout << "running: " << DatabaseLocator::redact(target.connectionString) << "\n";
      });
  group->add_subcommand("stop", "Stop the embedded cluster")->callback([] {
    auto cluster = embeddedCluster();
    cluster.stop();
    std::cout << "stopped the private PostgreSQL in " << cluster.dataDirectory().string() << "\n";
  });
  group->add_subcommand("url", "Print the connection string in use (password masked)")
      ->callback([] {
        std::cout << DatabaseLocator::redact(DatabaseLocator::locate().connectionString) << "\n";
      });
}

}  // namespace aviary::cli
