// aviary-demo: a demo portfolio (farmers, dealers, shops) made with the three sources'
// simulators, decided through evidence -> decision into the database, and the 310 report.
// A program of its own, so the host's `aviary` never links a simulator or a field library;
// `aviary demo` runs it.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "CaseRepository.h"
#include "CaseWorker.h"
#include "DatabaseLocator.h"
#include "DemoPortfolio.h"
#include "DemoReport.h"
#include "PluginLoader.h"
#include "ProgressBar.h"

namespace aviary::demo {
namespace {

using cli::ProgressBar;

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
}  // namespace aviary::demo

int main(int argc, char** argv) {
  using namespace aviary::demo;
  CLI::App app{
      "Generate a demo portfolio (farmers, dealers, shops) with the three simulators, "
      "decide it through evidence -> decision into the database, and print the 310 "
      "report",
      "aviary demo"};
  DemoOptions options;
  app.add_option("--merchants", options.merchants,
                 "Merchants in the portfolio, a third per segment")
      ->check(CLI::Range(3, 10000));
  app.add_option("--seed", options.seed, "Seed of the simulators (same seed, same portfolio)");
  app.add_option("--concurrency", options.concurrency, "Cases decided at once")
      ->check(CLI::Range(1, 64));
  app.add_option("--dir", options.directory, "Where the portfolio's files go");
  app.add_flag("--headless", options.headless, "Do not open the workbench afterwards");
  CLI11_PARSE(app, argc, argv);
  try {
    runDemo(options);
  } catch (const std::exception& error) {
    std::cerr << "aviary demo: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
