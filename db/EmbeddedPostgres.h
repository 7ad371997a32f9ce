#pragma once

#include <filesystem>
#include <string>

#include "ProcessRunner.h"

namespace aviary {

// A private PostgreSQL cluster that Aviary starts on demand with the system's initdb and
// pg_ctl. It listens on a Unix socket inside its own folder and on no TCP port.
// initdb and postgres refuse to run as root, so as root the cluster runs as the
// `postgres` account and lives in a folder that account can reach.
class EmbeddedPostgres {
 public:
  struct Options {
    std::filesystem::path root;  // holds data/, socket/ and server.log
    bool durable = true;         // false for throwaway test clusters: fsync off
  };

  explicit EmbeddedPostgres(Options options);

  // $XDG_DATA_HOME/aviary/postgres (~/.local/share/...), or /var/lib/aviary/postgres as root.
  static std::filesystem::path defaultRoot();
  // AVIARY_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin.
  static std::filesystem::path findBinDirectory();

  bool isInitialised() const;
  bool isRunning() const;
  // Creates the cluster on first use, starts it, and creates the `aviary` database.
  // Safe to call from several processes at once.
  void start();
  void stop();
  // Stops the cluster and deletes its folder (test clusters).
  void destroy();

  std::string connectionString(const std::string& database = "aviary") const;
  std::filesystem::path dataDirectory() const { return options_.root / "data"; }
  std::filesystem::path socketDirectory() const { return options_.root / "socket"; }
  std::filesystem::path logFile() const { return options_.root / "server.log"; }

  static constexpr const char* kSuperuser = "aviary";

 private:
  void initialise() const;
  std::string tool(const std::string& name) const;
  std::string lastLogLines() const;

  Options options_;
  std::filesystem::path binDirectory_;
  ProcessRunner runner_;
  bool asRoot_;
};

}  // namespace aviary
