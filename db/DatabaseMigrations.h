#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "Migration.h"
#include "MigrationStatus.h"

namespace aviary {

// The host's migrations and every plugin's own, each plugin in its own schema with its own
// history table (same checksums and rules as the host's). Plugins are found by their
// manifests alone, so an admin can migrate on a machine that lacks a plugin's libraries.
class DatabaseMigrations {
 public:
  struct Component {
    std::string name;    // "aviary" for the host, else the plugin id
    std::string schema;  // "" for the host (public)
    std::filesystem::path directory;
  };
  struct Applied {
    std::string component;
    Migration migration;
  };
  struct Status {
    std::string component;
    MigrationStatus status;
  };

  DatabaseMigrations(std::string connectionString, std::vector<Component> components);
  // The host's folder, then each plugin on the plugin path with a migrations folder.
  static std::vector<Component> discover();

  // The host's first, then each plugin's, under the same advisory lock.
  std::vector<Applied> migrate() const;
  std::vector<Status> status() const;
  // Problems, each naming its component.
  std::vector<std::string> validate() const;

 private:
  std::string connectionString_;
  std::vector<Component> components_;
};

}  // namespace aviary
