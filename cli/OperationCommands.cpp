#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <filesystem>

#include "CaseRepository.h"
#include "CaseWorker.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "DemoPortfolio.h"
#include "DemoReport.h"
#include "PluginLoader.h"
#include "ProgressBar.h"

namespace aviary::cli {
namespace {

CaseWorker* runningWorker = nullptr;

void stopOnSignal(int) {
  if (runningWorker != nullptr) runningWorker->stop();
}

void runWorker(const WorkerOptions& options) {
  const DatabaseTarget database = DatabaseLocator::open();
  const PluginRegistry registry = PluginLoader::fromEnvironment().load();
  for (const auto& failure : registry.failures())
    std::cerr << "plugin refused: " << failure.file.string() << ": " << failure.reason << "\n";
  const CreditRiskModel model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const PolicyRuleSet policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
  CaseWorker worker(database.connectionString, registry, model, policy, options);
  runningWorker = &worker;
  std::signal(SIGINT, stopOnSignal);
  std::signal(SIGTERM, stopOnSignal);
  std::cerr << "worker deciding queued cases from "
            << DatabaseLocator::redact(database.connectionString) << " with " << options.concurrency
            << " lane(s)" << (options.drain ? " until the queue is empty" : "")
            << "; Ctrl-C stops it\n";
  worker.run();
  runningWorker = nullptr;
  const auto& statistics = worker.statistics();
  std::cout << "decided " << statistics.decided << ", referred after errors "
            << statistics.referredAfterError << ", leases lost " << statistics.leasesLost
            << ", reconnects " << statistics.reconnects << "\n";
}

struct DemoOptions {
  int merchants = 30;
  unsigned seed = 1;
  bool headless = false;
  int concurrency = 2;
  std::string directory;
};

void openWorkbench() {
  char exe[4096] = {};
  const ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
  const std::filesystem::path workbench =
      std::filesystem::path(length > 0 ? exe : "").parent_path() / "aviary-workbench";
  if (!std::filesystem::exists(workbench)) {
    std::cout << "\nthe workbench is not built here; open it with 'aviary-workbench' where it is "
                 "installed\n";
    return;
  }
  if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
    std::cout << "\nno display: run '" << workbench.string()
              << "' on a desktop to review the cases\n";
    return;
  }
  std::cout << "\nopening the workbench on the result...\n";
  if (fork() == 0) {
    setsid();
    execl(workbench.c_str(), workbench.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
}

void runDemo(const DemoOptions& options) {
  const DatabaseTarget database = DatabaseLocator::open();
  DemoPortfolio::Options portfolio{options.merchants, options.seed,
                                   options.directory.empty()
                                       ? DemoPortfolio::defaultDirectory(options.seed)
                                       : std::filesystem::path(options.directory)};
  std::cerr << "building a demo portfolio of " << options.merchants << " merchants in "
            << portfolio.directory.string() << "\n";
  const auto caseFiles = DemoPortfolio::build(
      portfolio, [](const std::string& step) { std::cerr << "  " << step << "\n"; });

  const PluginRegistry registry = PluginLoader::fromEnvironment().load();
  for (const auto& failure : registry.failures())
    std::cerr << "plugin refused: " << failure.file.string() << ": " << failure.reason << "\n";
  const CreditRiskModel model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const PolicyRuleSet policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());

  CaseRepository repository(database.connectionString);
  long waiting = 0;
  {
    ProgressBar bar("submitting applications", static_cast<long>(caseFiles.size()));
    for (const auto& file : caseFiles) {
      const auto submitted = repository.submit(CaseFile::read(file));
      if (submitted.status == "submitted" || submitted.status == "processing") ++waiting;
      bar.advance();
    }
    bar.finish();
  }
  if (waiting > 0) {
    WorkerOptions workerOptions;
    workerOptions.concurrency = options.concurrency;
    workerOptions.drain = true;
    workerOptions.name = "demo";
    CaseWorker worker(database.connectionString, registry, model, policy, workerOptions);
    ProgressBar bar("evidence -> decision", waiting);
    worker.onDecided([&bar](long) { bar.advance(); });
    worker.run();
    bar.finish();
  } else {
    std::cerr << "every case of this portfolio was decided before; showing the report\n";
  }
  DemoReport::print(database.connectionString, "demo-" + std::to_string(options.seed) + "-%",
                    std::cout);
  if (!options.headless) openWorkbench();
}

}  // namespace

void addOperationCommands(CLI::App& app) {
  auto options = std::make_shared<WorkerOptions>();
  auto* worker = app.add_subcommand(
      "worker",
      "Decide queued applications from the database; run any number of workers on any "
      "number of machines against one PostgreSQL");
  worker->add_option("--concurrency", options->concurrency, "Cases decided at once by this process")
      ->check(CLI::Range(1, 64));
  worker
      ->add_option("--lease", options->leaseSeconds,
                   "Seconds before a silent worker's case goes back to the queue")
      ->check(CLI::Range(5, 3600));
  worker->add_flag("--drain", options->drain, "Exit when the queue is empty");
  worker->add_option("--name", options->name,
                     "Worker id in leases and the audit log (default host:pid)");
  worker->callback([options] { runWorker(*options); });

  auto demoOptions = std::make_shared<DemoOptions>();
  auto* demo = app.add_subcommand(
      "demo",
      "Generate a demo portfolio (farmers, dealers, shops) with the three simulators, decide it "
      "through evidence -> decision into the database, and print the 310 report");
  demo->add_option("--merchants", demoOptions->merchants,
                   "Merchants in the portfolio, a third per segment")
      ->check(CLI::Range(3, 10000));
  demo->add_option("--seed", demoOptions->seed,
                   "Seed of the simulators (same seed, same portfolio)");
  demo->add_option("--concurrency", demoOptions->concurrency, "Cases decided at once")
      ->check(CLI::Range(1, 64));
  demo->add_option("--dir", demoOptions->directory, "Where the portfolio's files go");
  demo->add_flag("--headless", demoOptions->headless, "Do not open the workbench afterwards");
  demo->callback([demoOptions] { runDemo(*demoOptions); });
}

}  // namespace aviary::cli
