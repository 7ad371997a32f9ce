#pragma once

#include <memory>
#include <string>

#include "EmbeddedPostgres.h"

namespace aviary::testing {

// A throwaway PostgreSQL cluster in a fresh temp folder, removed when the object dies.
// Real PostgreSQL: tests never use a mock in its place.
class TestDatabaseCluster {
 public:
  TestDatabaseCluster();
  ~TestDatabaseCluster();
  TestDatabaseCluster(const TestDatabaseCluster&) = delete;
  TestDatabaseCluster& operator=(const TestDatabaseCluster&) = delete;

  // A new empty database in the cluster; returns its connection string.
  std::string createDatabase(const std::string& name);
  // createDatabase plus every migration applied.
  std::string createMigratedDatabase(const std::string& name);

  EmbeddedPostgres& cluster() { return *cluster_; }

 private:
  std::unique_ptr<EmbeddedPostgres> cluster_;
};

}  // namespace aviary::testing
