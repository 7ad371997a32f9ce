#include "TestDatabaseCluster.h"

#include <unistd.h>

#include <filesystem>
#include <random>

#include <pqxx/pqxx>

#include "MigrationRunner.h"

namespace aviary::testing {
namespace fs = std::filesystem;

TestDatabaseCluster::TestDatabaseCluster() {
  // Not mkdtemp: its 0700 folder would keep the postgres account out when tests run as root.
  std::random_device random;
  const fs::path root = fs::temp_directory_path() / ("aviary-test-" + std::to_string(getpid()) +
                                                     "-" + std::to_string(random()));
  cluster_ = std::make_unique<EmbeddedPostgres>(EmbeddedPostgres::Options{root, false});
  cluster_->start();
}

TestDatabaseCluster::~TestDatabaseCluster() {
  cluster_->destroy();
}

std::string TestDatabaseCluster::createDatabase(const std::string& name) {
  pqxx::connection admin(cluster_->connectionString("postgres"));
  pqxx::nontransaction query(admin);
  query.exec("DROP DATABASE IF EXISTS " + admin.quote_name(name));
  query.exec("CREATE DATABASE " + admin.quote_name(name));
  return cluster_->connectionString(name);
}

std::string TestDatabaseCluster::createMigratedDatabase(const std::string& name) {
  const std::string url = createDatabase(name);
  MigrationRunner(url, fs::path(AVIARY_SOURCE_DIR) / "migrations").migrate();
  return url;
}

}  // namespace aviary::testing
