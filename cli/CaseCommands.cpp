#include <iomanip>
#include <iostream>

#include <CLI/CLI.hpp>

#include "CaseDecider.h"
#include "CaseFileError.h"
#include "CaseRepository.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "PluginLoader.h"

namespace aviary::cli {
namespace {

// What every case command needs: the database, the plugins, the model and the rules.
struct CaseEnvironment {
  DatabaseTarget database = DatabaseLocator::open();
  PluginRegistry registry = PluginLoader::fromEnvironment().load();
  CreditRiskModel model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  PolicyRuleSet policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
};

void printDecision(const Decision& decision) {
  std::cout << "outcome:  " << decision.outcome << "\n"
            << "limit:    " << std::fixed << std::setprecision(0) << decision.limitCny << " yuan\n"
            << "rate:     " << std::setprecision(2) << decision.annualRate * 100 << "% a year\n"
            << "PD:       " << std::setprecision(1) << decision.probabilityOfDefault * 100 << "%\n";
  if (!decision.rulesFired.empty()) std::cout << "rules:\n";
  for (const auto& rule : decision.rulesFired)
    std::cout << "  " << rule.id << " (" << rule.action << ") " << rule.text << "\n";
  if (!decision.reasons.empty()) std::cout << "reasons:\n";
  for (const auto& reason : decision.reasons) std::cout << "  - " << reason.text << "\n";
  std::cout << "hint:     " << decision.counterfactual << "\n";
}

std::int64_t parseCaseId(const std::string& text) {
  try {
    std::size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw CommandError("'" + text +
                     "' is not a case id: give the number 'aviary case submit' printed");
}

void submit(const std::string& path, bool asJson) {
  CaseFile caseFile;
  try {
    caseFile = CaseFile::read(path);
  } catch (const CaseFileError& error) {
    throw CommandError(std::string(error.what()) + " (nothing was stored)");
  }
  CaseEnvironment environment;
  // Checked before anything is written, so a bad case leaves the database unchanged.
  try {
    EvidenceCollector(environment.registry).sourcesFor(caseFile);
  } catch (const CaseFileError& error) {
    throw CommandError(std::string(error.what()) + " (nothing was stored)");
  }
  const SubmittedCase submitted =
      CaseRepository(environment.database.connectionString).submit(caseFile);
  if (asJson) {
    std::cout << nlohmann::json({{"case_id", submitted.caseId},
                                 {"created", submitted.created},
                                 {"status", submitted.status}})
                     .dump()
              << "\n";
    return;
  }
  std::cout << (submitted.created ? "submitted case " : "already submitted as case ")
            << submitted.caseId << " (" << submitted.status << ")\n";
}

void decide(const std::string& id, bool asJson) {
  CaseEnvironment environment;
  CaseDecider decider(environment.database.connectionString, environment.registry,
                      environment.model, environment.policy);
  Decision decision;
  try {
    decision = decider.decide(parseCaseId(id), "cli");
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
  if (asJson)
    std::cout << decision.toJson().dump() << "\n";
  else
    printDecision(decision);
}

void show(const std::string& id, bool asJson) {
  const auto database = DatabaseLocator::open();
  StoredCase stored;
  try {
    stored = CaseRepository(database.connectionString).load(parseCaseId(id));
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
  if (asJson) {
    nlohmann::json json = {{"case_id", stored.caseId},
                           {"status", stored.status},
                           {"submitted_at", stored.submittedAt},
                           {"merchant", stored.merchant},
                           {"decisions", stored.decisions},
                           {"evidence", stored.evidence},
                           {"audit", stored.audit}};
    if (stored.automaticDecision) json["decision"] = stored.automaticDecision->at("decision");
    std::cout << json.dump() << "\n";
    return;
  }
  std::cout << "case " << stored.caseId << "  " << stored.status << "  submitted "
            << stored.submittedAt << "\n"
            << "merchant " << stored.merchant.value("merchant_id", "") << "  "
            << stored.merchant.value("name", "") << "  (" << stored.merchant.value("segment", "")
            << ")\n";
  if (!stored.merchant["owner_id_number"].is_null())
    std::cout << "owner ID " << stored.merchant["owner_id_number"].get<std::string>() << "\n";
  for (const auto& evidence : stored.evidence)
    std::cout << "evidence " << evidence.value("source_id", "") << ": "
              << evidence.value("status", "")
              << (evidence.value("error", "").empty() ? "" : " — " + evidence.value("error", ""))
              << "\n";
  if (stored.automaticDecision)
    printDecision(Decision::fromJson(stored.automaticDecision->at("decision")));
  std::cout << "audit:\n";
  for (const auto& row : stored.audit)
    std::cout << "  " << row["occurred_at"].get<std::string>() << "  "
              << row["actor"].get<std::string>() << "  " << row["action"].get<std::string>() << "  "
              << row["detail"].dump() << "\n";
}

void replay(const std::string& id) {
  CaseEnvironment environment;
  const CaseDecider decider(environment.database.connectionString, environment.registry,
                            environment.model, environment.policy);
  ReplayReport report;
  try {
    report = decider.replay(parseCaseId(id));
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
  for (const auto& change : report.changedSince)
    std::cout << "changed since the decision: " << change << "\n";
  if (report.identical) {
    std::cout << "reproduced bit for bit: " << report.replayed.outcome << ", limit " << std::fixed
              << std::setprecision(0) << report.replayed.limitCny << " yuan\n";
    return;
  }
  for (const auto& difference : report.differences) std::cout << "differs: " << difference << "\n";
  throw CommandError("the replay does not reproduce the stored decision");
}

}  // namespace

void addCaseCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("case", "Submit, decide, show and replay cases");
  group->require_subcommand(1);
  auto asJson = std::make_shared<bool>(false);
  auto argument = std::make_shared<std::string>();

  auto* submitCommand =
      group->add_subcommand("submit", "Submit a case file (idempotent by its idempotency_key)");
  submitCommand->add_option("FILE", *argument, "Case file (JSON; see README 'Case files')")
      ->required();
  submitCommand->add_flag("--json", *asJson, "Print one JSON object");
  submitCommand->callback([=] { submit(*argument, *asJson); });

  auto* decideCommand =
      group->add_subcommand("decide", "Collect evidence and decide a submitted case");
  decideCommand->add_option("ID", *argument, "Case id")->required();
  decideCommand->add_flag("--json", *asJson, "Print the decision as one JSON object");
  decideCommand->callback([=] { decide(*argument, *asJson); });

  auto* showCommand =
      group->add_subcommand("show", "Show a case, its evidence, decisions and audit history");
  showCommand->add_option("ID", *argument, "Case id")->required();
  showCommand->add_flag("--json", *asJson, "Print one JSON object");
  showCommand->callback([=] { show(*argument, *asJson); });

  auto* replayCommand =
      group->add_subcommand("replay", "Reproduce a stored decision from its stored inputs");
  replayCommand->add_option("ID", *argument, "Case id")->required();
  replayCommand->callback([=] { replay(*argument); });
}

}  // namespace aviary::cli
