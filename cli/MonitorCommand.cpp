#include <iomanip>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "CaseFile.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "CreditRiskModel.h"
#include "DatabaseLocator.h"
#include "PortfolioMonitor.h"

namespace aviary::cli {
namespace {

struct MonitorArguments {
  std::string since, model;
  bool json = false;
};

void printReport(const nlohmann::json& report) {
  std::cout << report["decisions"] << " automatic decisions"
            << (report["since"].get<std::string>().empty()
                    ? std::string()
                    : " since " + report["since"].get<std::string>())
            << "; model " << report["model"]["sha256"].get<std::string>().substr(0, 12) << "\n";
  if (!report["features"].empty()) {
    std::cout << "population stability index against the model's training data (shift >= 0.10, "
                 "major >= 0.25):\n";
    for (const auto& feature : report["features"])
      std::cout << "  " << std::left << std::setw(44) << feature["name"].get<std::string>()
                << std::right << std::fixed << std::setprecision(3) << std::setw(7)
                << feature["psi"].get<double>() << "  " << feature["flag"].get<std::string>()
                << "\n";
    if (!report["score"].is_null())
      std::cout << "  " << std::left << std::setw(44) << "score (PD)" << std::right << std::setw(7)
                << report["score"]["psi"].get<double>() << "  "
                << report["score"]["flag"].get<std::string>() << "\n";
  }
  if (!report["weeks"].empty())
    std::cout << "week        decisions  approve  decline    refer  override\n";
  for (const auto& week : report["weeks"])
    std::cout << std::left << std::setw(10) << week["week"].get<std::string>() << std::right
              << std::setw(11) << week["decisions"].get<long>() << std::fixed
              << std::setprecision(1) << std::setw(8) << week["approve_rate"].get<double>() * 100
              << "%" << std::setw(8) << week["decline_rate"].get<double>() * 100 << "%"
              << std::setw(8) << week["refer_rate"].get<double>() * 100 << "%" << std::setw(9)
              << week["override_rate"].get<double>() * 100 << "%\n";
  for (const auto& [segment, figures] : report["outcomes"]["segments"].items()) {
    if (!figures.contains("auc")) continue;
    std::cout << segment << ": " << figures["cases"] << " cases with outcomes, " << figures["bad"]
              << " bad; AUC " << std::setprecision(3) << figures["auc"].get<double>() << ", KS "
              << figures["ks"].get<double>() << ", mean PD "
              << figures["mean_pd"].get<double>() * 100 << "% vs observed "
              << figures["observed_bad_rate"].get<double>() * 100 << "%\n";
  }
  for (const auto& note : report["notes"]) std::cout << "note: " << note.get<std::string>() << "\n";
}

void monitor(const MonitorArguments& args) {
  if (!args.since.empty() && !CaseFile::isRealDate(args.since))
    throw CommandError("--since '" + args.since + "' is not a date: write it as YYYY-MM-DD");
  const PortfolioMonitor monitor(DatabaseLocator::open().connectionString);
  std::optional<credit::CreditModel> model;
  try {
    if (!args.model.empty())
      model.emplace(credit::CreditModel::load(args.model));
    else if (auto inUse = monitor.modelInUse())
      model.emplace(std::move(*inUse));
    else
      model.emplace(credit::CreditModel::load(CreditRiskModel::defaultPath()));
  } catch (const credit::CreditModelError& error) {
    throw CommandError(error.what());
  }
  const nlohmann::json report = monitor.run(*model, args.since);
  if (args.json)
    std::cout << report.dump() << "\n";
  else
    printReport(report);
}

}  // namespace

void addMonitorCommand(CLI::App& app) {
  auto args = std::make_shared<MonitorArguments>();
  auto* command = app.add_subcommand(
      "monitor",
      "Drift of the model's inputs and score, decision rates per week, and AUC, KS "
      "and calibration where repayment outcomes are known");
  command->add_option("--since", args->since, "Only decisions on or after YYYY-MM-DD");
  command->add_option("--model", args->model,
                      "Compare with this model's training data (default: the model in use)");
  command->add_flag("--json", args->json, "One JSON object");
  command->callback([args] { monitor(*args); });
}

}  // namespace aviary::cli
