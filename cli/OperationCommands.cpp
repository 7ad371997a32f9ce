#include <csignal>
#include <iostream>

#include <CLI/CLI.hpp>

#include "CaseWorker.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "PluginLoader.h"
#include "ReservedCommand.h"

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
  std::cerr << "worker deciding queued cases from " << DatabaseLocator::redact(database.connectionString)
            << " with " << options.concurrency << " lane(s)" << (options.drain ? " until the queue is empty" : "")
            << "; Ctrl-C stops it\n";
  worker.run();
  runningWorker = nullptr;
  const auto& statistics = worker.statistics();
  std::cout << "decided " << statistics.decided << ", referred after errors " << statistics.referredAfterError
            << ", leases lost " << statistics.leasesLost << ", reconnects " << statistics.reconnects << "\n";
}

}  // namespace

void addOperationCommands(CLI::App& app) {
  auto options = std::make_shared<WorkerOptions>();
  auto* worker = app.add_subcommand(
      "worker", "Decide queued applications from the database; run any number of workers on any "
                "number of machines against one PostgreSQL");
  worker->add_option("--concurrency", options->concurrency, "Cases decided at once by this process")
      ->check(CLI::Range(1, 64));
  worker->add_option("--lease", options->leaseSeconds,
                     "Seconds before a silent worker's case goes back to the queue")
      ->check(CLI::Range(5, 3600));
  worker->add_flag("--drain", options->drain, "Exit when the queue is empty");
  worker->add_option("--name", options->name, "Worker id in leases and the audit log (default host:pid)");
  worker->callback([options] { runWorker(*options); });

  addReservedCommand(app, "demo", "Generate a demo portfolio and run it through the pipeline");
  addReservedCommand(app, "interview", "Interview a merchant for the materials that matter");
}

}  // namespace aviary::cli
