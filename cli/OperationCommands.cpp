#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <filesystem>

#include "CaseRepository.h"
#include "CaseWorker.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "ResourceLocator.h"

namespace aviary::cli {
namespace {

CaseWorker* runningWorker = nullptr;

void stopOnSignal(int) {
  if (runningWorker != nullptr) runningWorker->stop();
}

void runWorker(const WorkerOptions& options) {
  const DatabaseTarget database = DatabaseLocator::open();
  const PluginRegistry registry = loadPluginsReportingRefusals();
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

// `aviary demo` runs aviary-demo from beside this program: the demo links the sources'
// simulators, which the host never does.
int runDemoProgram(const std::vector<std::string>& arguments) {
  const std::filesystem::path demo = ResourceLocator::programDirectory() / "aviary-demo";
  if (!std::filesystem::exists(demo))
    throw CommandError(
        "the demo is not installed with this copy of Aviary: build it from the "
        "source tree ('./dev run')");
  // Ctrl-C reaches the demo too (same process group); this process waits for it to finish,
  // as system(3) does, instead of leaving it behind.
  const auto previousInterrupt = std::signal(SIGINT, SIG_IGN);
  int exitCode = 0;
  try {
    boost::process::child child(
        boost::process::exe = demo.string(), boost::process::args = arguments,
        boost::process::extend::on_exec_setup = [](auto&) { std::signal(SIGINT, SIG_DFL); });
    child.wait();
    exitCode = child.exit_code();
  } catch (const boost::process::process_error& error) {
    std::signal(SIGINT, previousInterrupt);
    throw CommandError("cannot run " + demo.string() + ": " + error.code().message());
  }
  std::signal(SIGINT, previousInterrupt);
  if (exitCode != 0) throw CommandExit(exitCode);
  return 0;
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

  auto* demo = app.add_subcommand(
      "demo",
      "Generate a demo portfolio (farmers, dealers, shops) with the three simulators, decide it "
      "through evidence -> decision into the database, and print the 310 report (runs "
      "aviary-demo; its options: --merchants, --seed, --concurrency, --dir, --headless)");
  demo->prefix_command();
  demo->allow_extras();
  demo->set_help_flag();
  demo->callback([demo] { runDemoProgram(demo->remaining()); });
}

}  // namespace aviary::cli
