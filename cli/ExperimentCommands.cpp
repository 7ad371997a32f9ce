#include <iomanip>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "ExperimentRepository.h"

namespace aviary::cli {
namespace {

struct StartArguments {
  std::string challenger, challengerModel, note;
  double share = 0.1;
};

void start(const StartArguments& args) {
  try {
    const Experiment experiment =
        ExperimentRepository(DatabaseLocator::open().connectionString)
            .start(args.challenger, args.challengerModel, args.share, args.note);
    std::cout << "experiment " << experiment.experimentId << " started: " << experiment.share * 100
              << "% of new cases go to rule set " << experiment.challengerRules
              << (experiment.challengerModel.empty() ? std::string()
                                                     : " with model " + experiment.challengerModel)
              << "; every decision records its arm\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void stop() {
  try {
    const Experiment experiment =
        ExperimentRepository(DatabaseLocator::open().connectionString).stop();
    std::cout << "experiment " << experiment.experimentId
              << " stopped; new cases go to the live releases only. 'aviary experiment report' "
                 "still shows its arms\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void report(bool asJson) {
  const ExperimentRepository experiments(DatabaseLocator::open().connectionString);
  const auto experiment = experiments.latest();
  if (!experiment)
    throw CommandError(
        "no experiment was started: start one with 'aviary experiment start "
        "--challenger VERSION --share 0.1'");
  const nlohmann::json result = experiments.report(*experiment);
  if (asJson) {
    std::cout << result.dump() << "\n";
    return;
  }
  std::cout << "experiment " << experiment->experimentId << " ("
            << (experiment->running() ? "running" : "stopped") << "): challenger rule set "
            << experiment->challengerRules
            << (experiment->challengerModel.empty() ? "" : ", model " + experiment->challengerModel)
            << ", share " << experiment->share * 100 << "%\n";
  std::cout << std::left << std::setw(12) << "arm" << std::right << std::setw(7) << "cases"
            << std::setw(9) << "decided" << std::setw(9) << "approve" << std::setw(9) << "decline"
            << std::setw(8) << "refer" << std::setw(14) << "limits" << std::setw(9) << "mean PD"
            << std::setw(10) << "bad rate"
            << "\n";
  for (const auto& [arm, figures] : result["arms"].items()) {
    std::cout << std::left << std::setw(12) << arm << std::right << std::setw(7) << figures["cases"]
              << std::setw(9) << figures["decided"] << std::fixed << std::setprecision(1)
              << std::setw(8) << figures["approve_rate"].get<double>() * 100 << "%" << std::setw(8)
              << figures["decline_rate"].get<double>() * 100 << "%" << std::setw(7)
              << figures["refer_rate"].get<double>() * 100 << "%" << std::setprecision(0)
              << std::setw(14) << figures["approved_limit_cny"].get<double>()
              << std::setprecision(2) << std::setw(8) << figures["mean_pd"].get<double>() * 100
              << "%";
    if (figures["bad_rate"].is_null())
      std::cout << std::setw(10) << "–";
    else
      std::cout << std::setw(9) << figures["bad_rate"].get<double>() * 100 << "%";
    std::cout << "  (" << figures["with_outcome"] << " with outcomes)\n";
  }
  if (result["arms"].empty()) std::cout << "no case was submitted since it started\n";
}

}  // namespace

void addExperimentCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand(
      "experiment", "Champion/challenger: send a reproducible share of new cases to a candidate");
  group->require_subcommand(1);

  auto args = std::make_shared<StartArguments>();
  auto* startCommand = group->add_subcommand(
      "start",
      "Route a random, reproducible share of new cases to a challenger rule set (and "
      "model)");
  startCommand
      ->add_option("--challenger", args->challenger,
                   "Rule-set version ('aviary policy propose' first)")
      ->required();
  startCommand->add_option("--challenger-model", args->challengerModel,
                           "Model version for the challenger (default: the champion's)");
  startCommand->add_option("--share", args->share, "Share of new cases, e.g. 0.1")
      ->check(CLI::Range(0.0, 1.0));
  startCommand->add_option("--note", args->note, "Why this experiment");
  startCommand->callback([args] { start(*args); });

  group->add_subcommand("stop", "End the running experiment")->callback(stop);

  auto asJson = std::make_shared<bool>(false);
  auto* reportCommand = group->add_subcommand(
      "report", "Each arm's rates, limits, PD and, once known, repayment outcomes");
  reportCommand->add_flag("--json", *asJson, "One JSON object");
  reportCommand->callback([asJson] { report(*asJson); });
}

}  // namespace aviary::cli
