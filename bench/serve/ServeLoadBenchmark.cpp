// Load generator for `aviary serve`: N applicants, `--concurrency` of them in flight, each
// opens an application, uploads its document photos and parcels (read at once by the server),
// and then all submit together, so the decisions run 50 at a time. Prints p50/p99 per step,
// the server's own kernel+store time per decision, and decisions per second.
//
//   aviary-bench-serve                       # private PostgreSQL + its own aviary serve
//   aviary-bench-serve --server http://127.0.0.1:8080 --token avy_... --inputs DIR
//   aviary-bench-serve --aviary /opt/old/bin/aviary   # an installed build (before/after runs)
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "EmbeddedPostgres.h"
#include "Percentile.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

struct Options {
  int applicants = 50;
  int concurrency = 50;
  int photos = 1;
  std::string server, token, inputs, directory;
  std::string aviary = AVIARY_BINARY_DIR "/bin/aviary";
  std::vector<std::string> serveArguments;  // more options for aviary serve
  unsigned seed = 11;
};

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int run(const std::string& command) {
  std::cerr << "  $ " << command << "\n";
  return std::system((command + " > /dev/null").c_str());
}

class Latencies {
 public:
  // The span from the first submit's start to the last decision's arrival.
  void submitted(Clock::time_point start, Clock::time_point end) {
    std::lock_guard lock(mutex_);
    if (!any_ || start < first_) first_ = start;
    if (!any_ || end > last_) last_ = end;
    any_ = true;
  }
  double submitSeconds() const {
    return any_ ? std::chrono::duration<double>(last_ - first_).count() : 0;
  }
  void add(const std::string& step, double milliseconds) {
    std::lock_guard lock(mutex_);
    steps_[step].push_back(milliseconds);
  }
  void print() {
    std::cout << std::left << std::setw(34) << "step" << std::right << std::setw(7) << "n"
              << std::setw(11) << "p50 ms" << std::setw(11) << "p99 ms" << std::setw(11)
              << "max ms\n";
    for (auto& [step, values] : steps_) {
      std::cout << std::left << std::setw(34) << step << std::right << std::setw(7) << values.size()
                << std::fixed << std::setprecision(1) << std::setw(11)
                << aviary::percentile(values, 0.5) << std::setw(11)
                << aviary::percentile(values, 0.99) << std::setw(11)
                << aviary::percentile(values, 1.0) << "\n";
    }
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<double>> steps_;
  bool any_ = false;
  Clock::time_point first_, last_;
};

// Simulated inputs: photos of documents (distinct per applicant, so the server's memo never
// answers for another applicant) and a year of scenes over a farmer's parcels.
void simulateInputs(const fs::path& inputs, const Options& options) {
  const std::string bin = AVIARY_BINARY_DIR "/bin/";
  if (!fs::exists(inputs / "photos" / "truth.jsonl") &&
      run(bin + "aviary-simulate credential simulate " + (inputs / "photos").string() + " --n " +
          std::to_string(options.applicants * options.photos) + " --seed " +
          std::to_string(options.seed) + " --reshoot-share 0.1") != 0)
    throw std::runtime_error("simulating photos failed");
  if (!fs::exists(inputs / "scenes" / "catalog.json") &&
      run(bin + "aviary-simulate satellite simulate " + (inputs / "scenes").string() +
          " --parcels 2 --dates 24 --seed " + std::to_string(options.seed)) != 0)
    throw std::runtime_error("simulating scenes failed");
}

json application(int index) {
  return {
      {"merchant",
       {{"merchant_id", "bench-" + std::to_string(getpid()) + "-" + std::to_string(index)},
        {"name", "Bench Farm " + std::to_string(index)},
        {"segment", "farmer"},
        {"industry", "farm"}}},
      {"application", {{"requested_amount_cny", 40000 + 1000 * (index % 40)}, {"term_months", 12}}},
      {"applicant",
       {{"Age", 30 + index % 30}, {"Income", 100 + index % 90}, {"Seniority", index % 15}}},
      {"as_of", "2026-11-01"}};
}

void applicant(int index, const Options& options, const std::vector<fs::path>& photos,
               const std::string& parcels, Latencies& latencies, std::barrier<>& allReady,
               int& failures, std::mutex& failuresMutex) {
  httplib::Client http(options.server);
  http.set_read_timeout(300);
  http.set_connection_timeout(30);
  const httplib::Headers auth = {{"Authorization", "Bearer " + options.token}};
  const auto timed = [&](const std::string& step, auto&& call) {
    const auto start = Clock::now();
    auto result = call();
    // An overloaded server answers 503 with Retry-After: a client waits and sends it again
    // (the step's time includes the wait; the refusals are counted apart).
    for (int retry = 0;
         retry < 20 && result && result->status == 503 && result->has_header("Retry-After");
         ++retry) {
      latencies.add(step + ": 503, retried after (s)",
                    std::stod(result->get_header_value("Retry-After")));
      std::this_thread::sleep_for(
          std::chrono::seconds(std::stoi(result->get_header_value("Retry-After"))));
      result = call();
    }
    latencies.add(step, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!result || result->status >= 300) {
      std::lock_guard lock(failuresMutex);
      ++failures;
      std::cerr << step << ": "
                << (result ? std::to_string(result->status) + " " + result->body.substr(0, 300)
                           : "no answer (" + httplib::to_string(result.error()) + ")")
                << "\n";
    }
    return result;
  };
  std::string base;
  if (auto opened = timed("open application",
                          [&] {
                            return http.Post("/v1/applications", auth, application(index).dump(),
                                             "application/json");
                          });
      opened && opened->status < 300)
    base = "/v1/applications/" + json::parse(opened->body)["id"].dump();
  if (!base.empty()) {
    for (int p = 0; p < options.photos; ++p) {
      const fs::path& photo = photos[(index * options.photos + p) % photos.size()];
      timed("upload photo (read at once)", [&] {
        return http.Put(base + "/documents/" + photo.filename().string(), auth, readFile(photo),
                        "image/jpeg");
      });
    }
    timed("upload parcels (assessed)",
          [&] { return http.Put(base + "/parcels", auth, parcels, "application/geo+json"); });
  }
  allReady.arrive_and_wait();  // every applicant's evidence is in: now all submit at once
  if (index % options.concurrency == 0) std::cerr << "submitting" << std::endl;  // for profilers
  if (base.empty()) return;
  const auto submitStart = Clock::now();
  if (auto submitted =
          timed("submit -> stored decision",
                [&] { return http.Post(base + "/submit", auth, "", "application/json"); });
      submitted && submitted->status < 300) {
    latencies.submitted(submitStart, Clock::now());
    const json reply = json::parse(submitted->body);
    // Every stage the server reports; decide_and_store is the kernel and the store.
    if (reply.contains("timings_ms"))
      for (const auto& [stage, ms] : reply["timings_ms"].items())
        if (ms.is_number())
          latencies.add(stage == "decide_and_store"   ? "  server: kernel + store"
                        : stage == "wait_for_decider" ? "  server: waiting for a free decider"
                                                      : "  server: " + stage,
                        ms.get<double>());
  }
}

// What the run left in the database: the tables a decision writes to, and bytes per decision.
void printDatabaseSizes(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  const long decisions = tx.exec1("SELECT count(*) FROM decisions")[0].as<long>();
  double total = 0;
  std::cout << "database size (pg_total_relation_size) after " << decisions << " decisions:\n";
  for (const char* table : {"applications", "channel_applications", "channel_evidence",
                            "evidence_runs", "decisions", "audit_log", "artifact_blobs"}) {
    const auto row = tx.exec_params1("SELECT COALESCE(pg_total_relation_size(to_regclass($1)), -1)",
                                     std::string(table));
    const double bytes = row[0].as<double>();
    if (bytes < 0) continue;  // a table this version does not have
    total += bytes;
    std::cout << "  " << std::left << std::setw(22) << table << std::right << std::setw(10)
              << std::fixed << std::setprecision(0) << bytes / 1024 << " kB\n";
  }
  std::cout << "  " << std::left << std::setw(22) << "total" << std::right << std::setw(10)
            << total / 1024 << " kB, " << total / std::max(1L, decisions) / 1024
            << " kB per decision\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load generator for aviary serve: concurrent applicants, p50/p99 per step",
               "aviary-bench-serve"};
  Options options;
  app.add_option("--applicants", options.applicants, "Applicants in all")
      ->check(CLI::Range(1, 10000));
  app.add_option("--concurrency", options.concurrency, "Applicants in flight at once")
      ->check(CLI::Range(1, 500));
  app.add_option("--photos", options.photos, "Document photos per applicant")
      ->check(CLI::Range(0, 20));
  app.add_option("--server", options.server, "URL of a running aviary serve (default: start one)");
  app.add_option("--token", options.token, "Its channel token (with --server)");
  app.add_option("--inputs", options.inputs, "Folder of simulated inputs (made when missing)");
  app.add_option("--dir", options.directory, "Work folder (default a temp folder)");
  app.add_option("--aviary", options.aviary,
                 "The aviary program to serve with (default this build's); it also migrates")
      ->check(CLI::ExistingFile);
  app.add_option("--serve-option", options.serveArguments,
                 "An option for the aviary serve it starts, e.g. --serve-option=--deciders=4");
  CLI11_PARSE(app, argc, argv);
  options.concurrency = std::min(options.concurrency, options.applicants);

  const fs::path root =
      options.directory.empty()
          ? fs::temp_directory_path() / ("aviary-bench-serve-" + std::to_string(getpid()))
          : fs::path(options.directory);
  fs::create_directories(root);
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_read |
                            fs::perms::others_exec);
  const fs::path inputs = options.inputs.empty() ? root / "inputs" : fs::path(options.inputs);
  std::cerr << "simulating inputs in " << inputs.string() << "\n";
  simulateInputs(inputs, options);

  std::unique_ptr<aviary::EmbeddedPostgres> cluster;
  pid_t serverPid = 0;
  if (options.server.empty()) {
    std::cerr << "starting a private PostgreSQL and aviary serve in " << root.string() << "\n";
    cluster = std::make_unique<aviary::EmbeddedPostgres>(
        aviary::EmbeddedPostgres::Options{root / "postgres", true});
    cluster->start();
    const std::string url = cluster->connectionString();
    setenv("AVIARY_DATABASE_URL", url.c_str(), 1);
    const std::string bin = options.aviary;
    // The served program's own migrations, so an older build runs on its own schema.
    if (run(bin + " db migrate") != 0) throw std::runtime_error("migrating the database failed");
    FILE* token = popen((bin + " token create --channel bench 2>/dev/null").c_str(), "r");
    char line[256] = {};
    if (token == nullptr || fgets(line, sizeof line, token) == nullptr) return 1;
    pclose(token);
    options.token = std::string(line).substr(0, std::string(line).find('\n'));
    const std::string port = std::to_string(18000 + getpid() % 2000);
    serverPid = fork();
    if (serverPid == 0) {
      const std::string log = (root / "serve.log").string();
      freopen(log.c_str(), "w", stderr);
      freopen("/dev/null", "w", stdout);
      std::vector<std::string> arguments = {bin,
                                            "serve",
                                            "--listen",
                                            "127.0.0.1:" + port,
                                            "--data",
                                            (root / "data").string(),
                                            "--scenes",
                                            (inputs / "scenes" / "catalog.json").string(),
                                            "--rate-limit",
                                            "0",
                                            "--threads",
                                            "64",
                                            "--quiet"};
      arguments.insert(arguments.end(), options.serveArguments.begin(),
                       options.serveArguments.end());
      std::vector<char*> argv;
      for (auto& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(127);
    }
    options.server = "http://127.0.0.1:" + port;
    httplib::Client probe(options.server);
    for (int i = 0; i < 600 && !probe.Get("/v1/health"); ++i) usleep(100'000);
  }

  std::vector<fs::path> photos;
  for (const auto& entry : fs::directory_iterator(inputs / "photos"))
    if (entry.path().extension() == ".jpg") photos.push_back(entry.path());
  std::sort(photos.begin(), photos.end());
  const std::string parcels = readFile(inputs / "scenes" / "parcels.geojson");

  Latencies latencies;
  int failures = 0;
  std::mutex failuresMutex;
  const auto started = Clock::now();
  for (int first = 0; first < options.applicants; first += options.concurrency) {
    const int count = std::min(options.concurrency, options.applicants - first);
    std::barrier<> allReady(count);
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i)
      threads.emplace_back(applicant, first + i, std::cref(options), std::cref(photos),
                           std::cref(parcels), std::ref(latencies), std::ref(allReady),
                           std::ref(failures), std::ref(failuresMutex));
    for (auto& thread : threads) thread.join();
  }
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();

  std::cout << options.applicants << " applicants, " << options.concurrency << " in flight, "
            << options.photos << " photo(s) + parcels each, against " << options.server << "\n";
  latencies.print();
  std::cout << std::fixed << std::setprecision(2)
            << "decisions per second: " << (options.applicants - failures) / wall << " (whole run, "
            << wall << " s wall, uploads included)\n"
            << "decisions per second while submitting: "
            << (options.applicants - failures) / std::max(1e-9, latencies.submitSeconds()) << " ("
            << latencies.submitSeconds() << " s from the first submit to the last decision)\n"
            << "failed requests: " << failures << "\n";
  if (serverPid > 0) {
    kill(serverPid, SIGTERM);
    int status = 0;
    waitpid(serverPid, &status, 0);
  }
  if (cluster) {
    printDatabaseSizes(cluster->connectionString());
    cluster->stop();  // the private cluster does not outlive the bench
  }
  return failures == 0 ? 0 : 1;
}
