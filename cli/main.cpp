#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "HeapReturnPolicy.h"
#include "OpenMpWaitPolicy.h"

int main(int argc, char** argv) {
  aviary::OpenMpWaitPolicy::passiveOrRestart(argv);
  aviary::HeapReturnPolicy::returnLargeBlocks();
  CLI::App app{"Aviary: credit decisions for small merchants and farmers from evidence", "aviary"};
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log progress details to stderr");
  app.parse_complete_callback(
      [&] { spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn); });

  aviary::cli::addPluginCommands(app);
  aviary::cli::addDatabaseCommands(app);
  aviary::cli::addModelCommands(app);
  aviary::cli::addCaseCommands(app);
  aviary::cli::addOperationCommands(app);
  aviary::cli::addPolicyCommands(app);
  aviary::cli::addExperimentCommands(app);
  aviary::cli::addOutcomeCommands(app);
  aviary::cli::addMonitorCommand(app);
  aviary::cli::addInterviewCommand(app);
  aviary::cli::addServeCommand(app);
  aviary::cli::addTokenCommands(app);
  // Last: a plugin id never shadows a host command.
  aviary::cli::addSourceCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const aviary::cli::CommandExit& exit) {
    return exit.exitCode();
  } catch (const aviary::cli::CommandError& error) {
    std::cerr << "aviary: " << error.what() << "\n";
    return error.exitCode();
  } catch (const std::exception& error) {
    std::cerr << "aviary: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
