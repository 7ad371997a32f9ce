// Throughput of the whole "310" pipeline: N applications queued in a private PostgreSQL,
// decided by W separate `aviary worker` processes with the real evidence sources.
//
// Evidence comes from a demo portfolio of --pool merchants (farmers under a year of scenes,
// dealers in a simulated supply chain, shops with photographed credentials). Each of the
// N applications is its own case and merchant and runs every evidence source afresh; only
// the input files repeat, so the cost per case is that of a real one of its segment.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "CaseFile.h"
#include "CaseRepository.h"
#include "DemoPortfolio.h"
#include "DemoReport.h"
#include "EmbeddedPostgres.h"
#include "MigrationRunner.h"
#include "Percentile.h"
#include "ProgressBar.h"

namespace fs = std::filesystem;
using namespace aviary;

namespace {

struct BenchOptions {
  long applications = 10000;
  int workers = 2;
  int concurrency = 1;
  int pool = 30;
  unsigned seed = 7;
  std::vector<std::string> segments{"farmer", "dealer", "shop"};
  std::string directory;
};

pid_t startWorker(const std::string& url, int index, int concurrency) {
  const pid_t pid = fork();
  if (pid == 0) {
    setenv("AVIARY_DATABASE_URL", url.c_str(), 1);
    const std::string name = "bench-worker-" + std::to_string(index);
    const std::string threads = std::to_string(concurrency);
    const std::string aviary = AVIARY_BINARY_DIR "/bin/aviary";
    execl(aviary.c_str(), aviary.c_str(), "worker", "--drain", "--concurrency", threads.c_str(),
          "--name", name.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options;
  CLI::App app{
      "aviary-bench-pipeline: applications/s and latency percentiles of evidence -> decision "
      "with N applications and W worker processes on a private PostgreSQL"};
  app.add_option("--applications", options.applications, "Applications to queue and decide")
      ->check(CLI::Range(1L, 1'000'000L));
  app.add_option("--workers", options.workers, "Worker processes")->check(CLI::Range(1, 64));
  app.add_option("--concurrency", options.concurrency, "Cases at once per worker")
      ->check(CLI::Range(1, 64));
  app.add_option("--pool", options.pool, "Demo merchants whose evidence files the applications use")
      ->check(CLI::Range(3, 3000));
  app.add_option("--segments", options.segments, "Segments to include: farmer, dealer, shop")
      ->delimiter(',')
      ->check(CLI::IsMember({"farmer", "dealer", "shop"}));
  app.add_option("--seed", options.seed, "Seed of the demo portfolio");
  app.add_option("--dir", options.directory, "Working folder (default: a new one under /tmp)");
  CLI11_PARSE(app, argc, argv);

  const fs::path root =
      options.directory.empty()
          ? fs::temp_directory_path() / ("aviary-bench-pipeline-" + std::to_string(getpid()))
          : fs::path(options.directory);
  fs::create_directories(root);
  // The postgres account (the cluster's owner when run as root) must reach the folder.
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_read |
                            fs::perms::others_exec);

  std::cerr << "starting a private PostgreSQL in " << (root / "postgres").string() << "\n";
  EmbeddedPostgres cluster({root / "postgres", true});
  cluster.start();
  const std::string url = cluster.connectionString();
  MigrationRunner(url, MigrationRunner::defaultMigrationsDirectory()).migrate();

  std::cerr << "building a demo portfolio of " << options.pool
            << " merchants for the evidence files\n";
  const auto poolFiles = demo::DemoPortfolio::build(
      {options.pool, options.seed, root / "portfolio"},
      [](const std::string& step) { std::cerr << "  " << step << "\n"; });
  std::vector<CaseFile> pool;
  for (const auto& file : poolFiles) {
    CaseFile caseFile = CaseFile::read(file);
    if (std::find(options.segments.begin(), options.segments.end(), caseFile.segment) !=
        options.segments.end())
      pool.push_back(std::move(caseFile));
  }
  if (pool.empty()) {
    std::cerr << "no pool merchant is in the segments asked for\n";
    return 2;
  }

  const std::string prefix = "bench-" + std::to_string(getpid()) + "-";
  CaseRepository repository(url);
  std::vector<double> submitMs;
  submitMs.reserve(static_cast<std::size_t>(options.applications));
  const auto submitStart = std::chrono::steady_clock::now();
  {
    ProgressBar bar("submitting applications", options.applications);
    for (long i = 0; i < options.applications; ++i) {
      CaseFile caseFile = pool[static_cast<std::size_t>(i) % pool.size()];
      caseFile.idempotencyKey = prefix + std::to_string(i);
      caseFile.merchantId = prefix + caseFile.segment + "-" + std::to_string(i);
      const auto started = std::chrono::steady_clock::now();
      repository.submit(caseFile);
      submitMs.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count());
      bar.advance();
    }
    bar.finish();
  }
  const double submitSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - submitStart).count();
  std::sort(submitMs.begin(), submitMs.end());

  std::cerr << "deciding with " << options.workers << " worker process(es)\n";
  const auto decideStart = std::chrono::steady_clock::now();
  std::vector<pid_t> workers;
  for (int w = 0; w < options.workers; ++w)
    workers.push_back(startWorker(url, w, options.concurrency));
  {
    ProgressBar bar("evidence -> decision", options.applications);
    long reported = 0;
    while (true) {
      const long left = repository.unfinishedCount();
      const long done = options.applications - left;
      if (done > reported) bar.advance(done - reported);
      reported = done;
      if (left == 0) break;
      bool anyAlive = false;
      for (const pid_t pid : workers) anyAlive = anyAlive || waitpid(pid, nullptr, WNOHANG) == 0;
      if (!anyAlive) {
        std::cerr << "\nevery worker exited with " << left
                  << " case(s) left; see the workers' messages\n";
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    bar.finish();
  }
  const double decideSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - decideStart).count();
  for (const pid_t pid : workers) waitpid(pid, nullptr, 0);

  long decided = 0;
  {
    pqxx::connection connection(url);
    pqxx::read_transaction tx(connection);
    decided = tx.exec_params1(
                    "SELECT count(*) FROM decisions d JOIN applications a USING (case_id) "
                    "WHERE a.idempotency_key LIKE $1 AND d.kind = 'automatic'",
                    prefix + "%")[0]
                  .as<long>();
  }
  std::cout << "pipeline benchmark: " << options.applications << " applications, "
            << options.workers << " worker process(es) x " << options.concurrency << ", segments";
  for (const auto& segment : options.segments) std::cout << " " << segment;
  std::cout << ", evidence files from " << pool.size() << " demo merchants, "
            << std::thread::hardware_concurrency() << " cores\n";
  std::cout << "  submit: " << options.applications / submitSeconds << " applications/s, p50 "
            << percentile(submitMs, 0.5) << " ms, p99 " << percentile(submitMs, 0.99) << " ms\n";
  std::cout << "  decide: " << decided << " automatic decisions in " << decideSeconds
            << " s = " << decided / decideSeconds << " decisions/s\n\n";
  demo::DemoReport::print(url, prefix + "%", std::cout);
  cluster.stop();
  if (options.directory.empty()) fs::remove_all(root);
  return decided == options.applications ? 0 : 1;
}
