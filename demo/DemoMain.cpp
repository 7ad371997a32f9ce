// aviary-demo: a demo portfolio (farmers, dealers, shops) made with the three sources'
// simulators, decided through evidence -> decision into the database, and the 310 report.
// A program of its own, so the host's `aviary` never links a simulator or a field library;
// `aviary demo` runs it.

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>

#include "DatabaseLocator.h"
#include "DemoPipeline.h"
#include "DemoPortfolio.h"
#include "DemoReport.h"
#include "HeapReturnPolicy.h"
#include "OpenMpWaitPolicy.h"
#include "PluginLoader.h"
#include "PolicyRuleSet.h"
#include "ProgressBar.h"
#include "ResourceLocator.h"

namespace aviary::demo {
namespace {

struct DemoOptions {
  int merchants = 30;
  unsigned seed = 1;
  bool headless = false;
  int concurrency = 2;
  std::string directory;
};

void openWorkbench() {
  const std::filesystem::path workbench = ResourceLocator::programDirectory() / "aviary-workbench";
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
  DemoPortfolio::Options portfolio{
      options.merchants, options.seed,
      options.directory.empty() ? DemoPortfolio::defaultDirectory(options.seed, options.merchants)
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

  DemoPipeline::Options pipelineOptions;
  pipelineOptions.concurrency = options.concurrency;
  DemoPipeline pipeline(database.connectionString, registry, model, policy, pipelineOptions);
  DemoPipeline::Result result;
  {
    // One step per case file of this portfolio, whatever becomes of it: never past 100%.
    ProgressBar bar("evidence -> decision", static_cast<long>(caseFiles.size()));
    result = pipeline.run(caseFiles, [&bar] { bar.advance(); });
    bar.finish();
  }
  if (result.before == static_cast<long>(caseFiles.size()))
    std::cerr << "every case of this portfolio was decided before; showing the report\n";
  if (result.elsewhere > 0)
    std::cerr << result.elsewhere
              << " case(s) are held by another worker or an interrupted run; 'aviary worker' "
                 "finishes them when their lease runs out\n";
  if (result.failed > 0)
    std::cerr << result.failed << " case(s) failed and were referred with the error above\n";
  DemoReport::print(database.connectionString,
                    DemoPortfolio::name(options.seed, options.merchants) + "-%", std::cout);
  if (!options.headless) openWorkbench();
}

}  // namespace
}  // namespace aviary::demo

int main(int argc, char** argv) {
  aviary::OpenMpWaitPolicy::passiveOrRestart(argv);
  aviary::HeapReturnPolicy::returnLargeBlocks();
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
