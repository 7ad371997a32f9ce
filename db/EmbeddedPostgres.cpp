#include "EmbeddedPostgres.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <pqxx/pqxx>

namespace aviary {
namespace fs = std::filesystem;

namespace {

constexpr const char* kServiceAccount = "postgres";

// Holds an exclusive flock for one scope, so concurrent `aviary` processes start the
// cluster once.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0600)) {
    if (fd_ < 0) throw std::runtime_error("cannot create lock file " + path.string());
    ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

void chownToServiceAccount(const fs::path& path) {
  const passwd* account = getpwnam(kServiceAccount);
  if (account == nullptr)
    throw std::runtime_error(
        "running as root needs the 'postgres' account to own the private cluster; install the "
        "postgresql package (apt-get install postgresql)");
  if (::chown(path.c_str(), account->pw_uid, account->pw_gid) != 0)
    throw std::runtime_error("cannot hand " + path.string() + " to the postgres account");
}

std::string quoteConf(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) quoted += (c == '\'') ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

EmbeddedPostgres::EmbeddedPostgres(Options options)
    : options_(std::move(options)),
      binDirectory_(findBinDirectory()),
      runner_(geteuid() == 0 ? kServiceAccount : ""),
      asRoot_(geteuid() == 0) {}

fs::path EmbeddedPostgres::defaultRoot() {
  if (geteuid() == 0) return "/var/lib/aviary/postgres";
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
    return fs::path(xdg) / "aviary" / "postgres";
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0')
    throw std::runtime_error("HOME is not set: set AVIARY_DATABASE_URL or HOME");
  return fs::path(home) / ".local" / "share" / "aviary" / "postgres";
}

fs::path EmbeddedPostgres::findBinDirectory() {
  if (const char* bin = std::getenv("AVIARY_PG_BIN"); bin != nullptr && *bin != '\0') return bin;
  std::vector<std::pair<int, fs::path>> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const fs::path candidate = entry.path() / "bin";
    if (!fs::exists(candidate / "initdb")) continue;
    try {
      found.emplace_back(std::stoi(entry.path().filename().string()), candidate);
    } catch (const std::exception&) {
    }
  }
  if (found.empty())
    throw std::runtime_error(
        "PostgreSQL server binaries not found under /usr/lib/postgresql; install them with "
        "'apt-get install postgresql' or set AVIARY_DATABASE_URL to an existing database");
  std::sort(found.begin(), found.end());
  return found.back().second;
}

std::string EmbeddedPostgres::tool(const std::string& name) const {
  return (binDirectory_ / name).string();
}

bool EmbeddedPostgres::isInitialised() const {
  return fs::exists(dataDirectory() / "PG_VERSION");
}

bool EmbeddedPostgres::isRunning() const {
  if (!isInitialised()) return false;
  return runner_.run({tool("pg_ctl"), "status", "-D", dataDirectory().string()}).exitCode == 0;
}

std::string EmbeddedPostgres::lastLogLines() const {
  std::ifstream in(logFile());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string tail;
  for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i)
    tail += "\n  " + lines[i];
  return tail;
}

void EmbeddedPostgres::initialise() const {
  const ProcessResult result =
      runner_.run({tool("initdb"), "-D", dataDirectory().string(), "-U", kSuperuser, "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"});
  if (result.exitCode != 0)
    throw std::runtime_error("initdb failed for " + dataDirectory().string() + ":\n" +
                             result.output);
  // Unix socket only, inside the cluster's folder, usable by its owner alone.
  std::ofstream conf(dataDirectory() / "postgresql.auto.conf", std::ios::app);
  conf << "listen_addresses = ''\n"
       << "unix_socket_directories = " << quoteConf(socketDirectory().string()) << "\n"
       << "unix_socket_permissions = 0700\n"
       << "max_connections = 200\n";
  if (!options_.durable) conf << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
}

void EmbeddedPostgres::start() {
  fs::create_directories(options_.root);
  if (asRoot_) {
    // The service account must be able to reach the folder from /.
    fs::permissions(options_.root, fs::perms::owner_all, fs::perm_options::replace);
    chownToServiceAccount(options_.root);
  }
  FileLock lock(options_.root / "start.lock");
  if (!isInitialised()) {
    fs::create_directories(socketDirectory());
    if (asRoot_) chownToServiceAccount(socketDirectory());
    initialise();
  }
  if (!isRunning()) {
    const ProcessResult result = runner_.run({tool("pg_ctl"), "start", "-w", "-t", "60", "-D",
                                              dataDirectory().string(), "-l", logFile().string()});
    if (result.exitCode != 0)
      throw std::runtime_error("the private PostgreSQL did not start (log: " + logFile().string() +
                               "):" + lastLogLines());
  }
  pqxx::connection admin(connectionString("postgres"));
  pqxx::nontransaction query(admin);
  if (query.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", "aviary").empty())
    query.exec("CREATE DATABASE aviary");
}

void EmbeddedPostgres::stop() {
  if (!isRunning()) return;
  const ProcessResult result =
      runner_.run({tool("pg_ctl"), "stop", "-w", "-m", "fast", "-D", dataDirectory().string()});
  if (result.exitCode != 0) throw std::runtime_error("pg_ctl stop failed: " + result.output);
}

void EmbeddedPostgres::destroy() {
  if (isInitialised()) {
    runner_.run({tool("pg_ctl"), "stop", "-w", "-m", "immediate", "-D", dataDirectory().string()});
  }
  std::error_code error;
  fs::remove_all(options_.root, error);
}

std::string EmbeddedPostgres::connectionString(const std::string& database) const {
  return "host='" + socketDirectory().string() + "' dbname=" + database + " user=" + kSuperuser;
}

}  // namespace aviary
