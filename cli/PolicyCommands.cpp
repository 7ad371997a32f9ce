#include <iomanip>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "Backtester.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "ProgressBar.h"
#include "ReleaseChecking.h"
#include "ReleaseChecks.h"
#include "ReleaseRepository.h"

namespace aviary::cli {
namespace {

PolicyRuleSet readRules(const std::string& path) {
  try {
    return PolicyRuleSet::load(path);
  } catch (const std::exception& error) {
    throw CommandError(std::string(error.what()) + " (nothing was changed)");
  }
}

void printRelease(const Release& release) {
  std::cout << release.kind << " " << release.version << "  " << release.state() << "  proposed by "
            << release.proposedBy << " " << release.proposedAt.substr(0, 16);
  if (!release.approvedBy.empty())
    std::cout << ", approved by " << release.approvedBy << " " << release.approvedAt.substr(0, 16);
  std::cout << "\n    " << release.note << "\n";
}

void check(const std::string& path) {
  const PolicyRuleSet candidate = readRules(path);
  const auto findings = ReleaseChecks::ofRules(candidate, declaredEvidenceColumns());
  std::cout << "rule set " << candidate.name() << " version " << candidate.version() << "\n";
  printFindings(findings);
  if (ReleaseChecks::hasErrors(findings))
    throw CommandError("the rule set has errors a second admin could not approve: fix them");
}

void propose(const std::string& path, const std::string& note) {
  const PolicyRuleSet candidate = readRules(path);
  const auto findings = ReleaseChecks::ofRules(candidate, declaredEvidenceColumns());
  printFindings(findings);
  if (ReleaseChecks::hasErrors(findings))
    throw CommandError("not proposed: fix the errors above, then propose again");
  try {
    const Release release =
        ReleaseRepository(DatabaseLocator::open().connectionString)
            .proposeRules(candidate.name(), candidate.version(), candidate.sha256(),
                          candidate.text(), note, ReleaseChecks::toJson(findings));
    std::cout << "proposed rule set " << release.version << " (sha256 "
              << release.sha256.substr(0, 12) << "); another admin approves it with 'aviary policy "
              << "approve " << release.version << "'\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void approve(const std::string& version) {
  ReleaseRepository releases(DatabaseLocator::open().connectionString);
  try {
    const auto found = releases.find("rules", version);
    if (found && found->proposedBy == releases.actor())
      throw CommandError(found->proposedBy + " proposed rule set version " + version +
                         " and cannot also approve it: another admin must (maker-checker)");
    if (found) {
      // Checked again now: the plugins or the live rules may have changed since the proposal.
      const PolicyRuleSet candidate =
          PolicyRuleSet::fromText(releases.content(found->releaseId), "rule set " + version);
      const auto findings = ReleaseChecks::ofRules(candidate, declaredEvidenceColumns());
      printFindings(findings);
      if (ReleaseChecks::hasErrors(findings))
        throw CommandError("not approved: the rule set has errors; ask for a corrected version");
    }
    const Release release = releases.approve("rules", version);
    std::cout << "rule set " << release.version << " is live, approved by " << release.approvedBy
              << " (proposed by " << release.proposedBy
              << "); cases submitted from now on use it\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void list(bool asJson) {
  const auto releases = ReleaseRepository(DatabaseLocator::open().connectionString).list("rules");
  if (asJson) {
    for (const auto& release : releases) std::cout << release.toJson().dump() << "\n";
    return;
  }
  if (releases.empty())
    std::cout << "no rule set was proposed yet: the configured file decides ("
              << PolicyRuleSet::defaultPath().string() << ")\n";
  for (const auto& release : releases) printRelease(release);
}

struct BacktestArguments {
  std::string rules, model, since, segment;
  bool json = false;
  int threads = 2;
  std::size_t sample = 10;
};

void printSide(const char* label, const nlohmann::json& totals) {
  std::cout << "  " << std::left << std::setw(10) << label << std::right << std::fixed
            << std::setprecision(1) << "approve " << std::setw(5)
            << totals["approve_rate"].get<double>() * 100 << "%  decline " << std::setw(5)
            << totals["decline_rate"].get<double>() * 100 << "%  refer " << std::setw(5)
            << totals["refer_rate"].get<double>() * 100 << "%  approved limits "
            << std::setprecision(0) << std::setw(12) << totals["approved_limit_cny"].get<double>()
            << " yuan  mean PD " << std::setprecision(2) << totals["mean_pd"].get<double>() * 100
            << "%\n";
}

void printBacktest(const nlohmann::json& summary) {
  std::cout << "back-test of rule set " << summary["candidate"]["version"].get<std::string>()
            << " on " << summary["cases"] << " stored cases: " << summary["changed"]
            << " change outcome\n";
  for (const auto& [segment, figures] : summary["segments"].items()) {
    std::cout << segment << " (" << figures["actual"]["cases"] << " cases, " << figures["changed"]
              << " changed)\n";
    printSide("actual", figures["actual"]);
    printSide("candidate", figures["candidate"]);
  }
  if (!summary["transitions"].empty()) std::cout << "changes:\n";
  for (const auto& [transition, count] : summary["transitions"].items())
    std::cout << "  " << std::setw(18) << std::left << transition << std::right << count << "\n";
  if (!summary["rules"].empty()) std::cout << "rules that fire differently:\n";
  for (const auto& rule : summary["rules"])
    std::cout << "  " << std::setw(12) << std::left << rule["id"].get<std::string>() << std::right
              << "now " << rule["fired_actual"] << ", candidate " << rule["fired_candidate"] << " ("
              << rule["only_candidate"] << " new, " << rule["only_actual"] << " no longer)\n";
  if (!summary["sample"].empty()) std::cout << "changed cases (sample):\n";
  for (const auto& changed : summary["sample"]) {
    std::cout << "  case " << changed["case_id"] << " (" << changed["segment"].get<std::string>()
              << ") " << changed["from"].get<std::string>() << " -> "
              << changed["to"].get<std::string>() << "\n";
    for (const auto& reason : changed["reasons"])
      std::cout << "      " << reason.get<std::string>() << "\n";
  }
  for (const auto& skipped : summary["skipped"])
    std::cerr << "case " << skipped["case_id"]
              << " skipped: " << skipped["reason"].get<std::string>() << "\n";
}

void backtest(const BacktestArguments& args) {
  const PolicyRuleSet candidate = readRules(args.rules);
  std::optional<CreditRiskModel> model;
  if (!args.model.empty()) {
    try {
      model.emplace(CreditRiskModel::load(args.model));
    } catch (const std::exception& error) {
      throw CommandError(error.what());
    }
  }
  if (!args.since.empty() && !CaseFile::isRealDate(args.since))
    throw CommandError("--since '" + args.since + "' is not a date: write it as YYYY-MM-DD");
  const std::string url = DatabaseLocator::open().connectionString;
  Backtester::Options options;
  options.filter.since = args.since;
  options.filter.segment = args.segment;
  options.threads = args.threads;
  options.sampleSize = args.sample;
  std::unique_ptr<ProgressBar> bar;
  long shown = 0;
  options.progress = [&](std::size_t done, std::size_t total) {
    if (!bar) bar = std::make_unique<ProgressBar>("back-test", static_cast<long>(total));
    bar->advance(static_cast<long>(done) - shown);
    shown = static_cast<long>(done);
  };
  const Backtester backtester(url);
  const nlohmann::json summary = backtester.run(candidate, model ? &*model : nullptr, options);
  if (bar) bar->finish();
  backtester.store(summary, candidate, model ? &*model : nullptr, options.filter);
  if (args.json)
    std::cout << summary.dump() << "\n";
  else
    printBacktest(summary);
}

}  // namespace

void addPolicyCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand(
      "policy", "Govern the rule set: static checks, back-tests, maker-checker approval");
  group->require_subcommand(1);

  auto checkFile = std::make_shared<std::string>();
  auto* checkCommand = group->add_subcommand("check", "Run the static checks on a rule file");
  checkCommand->add_option("FILE", *checkFile, "The rule file (JSON)")->required();
  checkCommand->callback([checkFile] { check(*checkFile); });

  auto proposal = std::make_shared<std::pair<std::string, std::string>>();
  auto* proposeCommand = group->add_subcommand(
      "propose", "Store a candidate rule set for a second admin to approve (maker-checker)");
  proposeCommand->add_option("FILE", proposal->first, "The rule file (JSON) with a new version")
      ->required();
  proposeCommand->add_option("--note", proposal->second, "What changes and why")->required();
  proposeCommand->callback([proposal] { propose(proposal->first, proposal->second); });

  auto version = std::make_shared<std::string>();
  auto* approveCommand = group->add_subcommand(
      "approve", "Make a proposed rule set live; the proposer cannot approve their own");
  approveCommand->add_option("VERSION", *version, "The version to approve")->required();
  approveCommand->callback([version] { approve(*version); });

  auto listJson = std::make_shared<bool>(false);
  auto* listCommand = group->add_subcommand("list", "Proposed, live and retired rule sets");
  listCommand->add_flag("--json", *listJson, "One JSON object per line");
  listCommand->callback([listJson] { list(*listJson); });

  auto args = std::make_shared<BacktestArguments>();
  auto* backtestCommand = group->add_subcommand(
      "backtest",
      "Re-decide every stored case with a candidate rule set and/or model and "
      "compare with the decisions made");
  backtestCommand->add_option("--rules", args->rules, "Candidate rule file (JSON)")->required();
  backtestCommand->add_option("--model", args->model,
                              "Candidate model file; default: each case's own model");
  backtestCommand->add_option("--since", args->since, "Only cases decided on or after YYYY-MM-DD");
  backtestCommand->add_option("--segment", args->segment, "Only this segment (e.g. shop)");
  backtestCommand->add_option("--threads", args->threads, "Threads deciding in parallel")
      ->check(CLI::Range(1, 64));
  backtestCommand->add_option("--sample", args->sample, "Changed cases to show")
      ->check(CLI::Range(0, 1000));
  backtestCommand->add_flag("--json", args->json, "One JSON object with the whole comparison");
  backtestCommand->callback([args] { backtest(*args); });
}

}  // namespace aviary::cli
