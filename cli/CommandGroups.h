#pragma once

#include "PluginRegistry.h"

namespace CLI {
class App;
}

namespace aviary::cli {

// The plugins of the environment, each refused one reported on stderr (for commands that
// decide cases: worker, serve).
PluginRegistry loadPluginsReportingRefusals();

// Each group adds its subcommands to the `aviary` app; one file per group.
void addPluginCommands(CLI::App& app);
void addDatabaseCommands(CLI::App& app);
void addModelCommands(CLI::App& app);
void addCaseCommands(CLI::App& app);
void addOperationCommands(CLI::App& app);  // worker, demo
void addInterviewCommand(CLI::App& app);   // runs the interview of the source that holds one
void addPolicyCommands(CLI::App& app);     // rule-set governance and back-tests
void addModelReleaseCommands(CLI::App& modelGroup);  // model propose / approve / list
void addExperimentCommands(CLI::App& app);
void addOutcomeCommands(CLI::App& app);
void addMonitorCommand(CLI::App& app);
void addServeCommand(CLI::App& app);    // the lender channel's HTTP API
void addTokenCommands(CLI::App& app);   // its bearer tokens
void addSourceCommands(CLI::App& app);  // `aviary <source id> ...`, from each plugin

}  // namespace aviary::cli
