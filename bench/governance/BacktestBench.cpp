// Back-testing and monitoring the stored book: N decided cases (default 10,000) are stored in
// a private PostgreSQL the way workers store them, then `policy backtest` re-decides them all
// with a tightened rule set and `monitor` measures drift. Prints seconds per run over three
// runs, cases per second, and the figures' sanity (cases, changed).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "Backtester.h"
#include "CaseDecider.h"
#include "DecisionKernel.h"
#include "EmbeddedPostgres.h"
#include "EvidenceJson.h"
#include "MigrationRunner.h"
#include "PortfolioMonitor.h"
#include "SyntheticBook.h"

using namespace aviary;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Stores the cases as decided, in batches of one transaction each (the workers' path, one
// statement per row, minus the queue): applications, then decisions with their inputs.
void storeBook(const std::string& url, const std::vector<testing::SyntheticCase>& cases,
               const DecisionKernel& kernel, const CreditRiskModel& model,
               const PolicyRuleSet& policy,
               const std::map<std::string, FeatureDescriptor>& catalog) {
  pqxx::connection connection(url);
  {
    pqxx::work tx(connection);
    tx.exec_params(
        "INSERT INTO models (name, version, kind, sha256, content) VALUES ('credit', $1, "
        "'credit', $1, $2)",
        model.sha256(), model.model().toJsonText());
    tx.exec_params("INSERT INTO rule_sets (name, version, sha256, content) VALUES ($1, $2, $3, $4)",
                   policy.name(), policy.version(), policy.sha256(), policy.text());
    tx.commit();
  }
  const nlohmann::json catalogJson = CaseDecider::toJson(catalog);
  const std::size_t batch = 1000;
  for (std::size_t begin = 0; begin < cases.size(); begin += batch) {
    pqxx::work tx(connection);
    for (std::size_t i = begin; i < std::min(cases.size(), begin + batch); ++i) {
      const auto& item = cases[i];
      const Decision decision = kernel.decide(item.caseFile, item.evidence);
      const nlohmann::json caseJson = item.caseFile.toJson();
      tx.exec_params("INSERT INTO merchants (merchant_id, name, segment) VALUES ($1, $2, $3)",
                     item.caseFile.merchantId, item.caseFile.merchantName, item.caseFile.segment);
      const auto caseId =
          tx.exec_params1(
                "INSERT INTO applications (idempotency_key, merchant_id, requested_amount_cny, "
                "term_months, case_file) VALUES ($1, $2, $3, 12, $4::jsonb) RETURNING case_id",
                item.caseFile.idempotencyKey, item.caseFile.merchantId,
                item.caseFile.requestedAmountCny, caseJson.dump())[0]
              .as<std::int64_t>();
      nlohmann::json evidence = nlohmann::json::array();
      for (const auto& piece : item.evidence) evidence.push_back(toJson(piece));
      const nlohmann::json inputs = {{"case_file", caseJson},
                                     {"evidence", evidence},
                                     {"feature_catalog", catalogJson},
                                     {"decision", decision.toJson()}};
      tx.exec_params(
          "INSERT INTO decisions (case_id, kind, outcome, limit_cny, pd, model_id, rule_set_id, "
          "inputs) VALUES ($1, 'automatic', $2, $3, $4, (SELECT model_id FROM models), "
          "(SELECT rule_set_id FROM rule_sets), $5::jsonb)",
          caseId, decision.outcome, decision.limitCny, decision.probabilityOfDefault,
          inputs.dump());
    }
    tx.commit();
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Back-test and monitoring throughput on a stored book", "aviary-bench-backtest"};
  std::size_t count = 10000;
  int threads = 2;
  app.add_option("--cases", count, "Decided cases in the book");
  app.add_option("--threads", threads, "Back-test threads");
  CLI11_PARSE(app, argc, argv);

  const fs::path root =
      fs::temp_directory_path() / ("aviary-bench-backtest-" + std::to_string(getpid()));
  fs::create_directories(root);
  fs::permissions(root, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_read |
                            fs::perms::others_exec);
  EmbeddedPostgres cluster({root / "postgres", true});
  cluster.start();
  const std::string url = cluster.connectionString();
  MigrationRunner(url, MigrationRunner::defaultMigrationsDirectory()).migrate();

  const auto model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const auto policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
  const auto applicants =
      CsvTable::read(std::string(AVIARY_SOURCE_DIR) + "/resources/demo/applicants.csv");
  std::mt19937 random(7);
  const auto catalog = testing::syntheticCatalog();
  const auto cases = testing::syntheticCases(applicants, count, random);
  const DecisionKernel kernel(model, policy, catalog);
  std::cerr << "storing " << count << " decided cases\n";
  const auto storing = Clock::now();
  storeBook(url, cases, kernel, model, policy, catalog);
  std::printf("stored %zu decided cases in %.1f s\n", count,
              std::chrono::duration<double>(Clock::now() - storing).count());

  // The candidate: approve only below a PD of 8% instead of the policy's threshold.
  auto candidateJson = nlohmann::json::parse(policy.text());
  candidateJson["version"] = policy.version() + "-bench";
  candidateJson["thresholds"]["approve_maximum_pd"] = 0.08;
  const auto candidate = PolicyRuleSet::fromText(candidateJson.dump(), "candidate");

  Backtester::Options options;
  options.threads = threads;
  std::vector<double> seconds;
  nlohmann::json summary;
  for (int run = 0; run < 3; ++run) {
    const auto started = Clock::now();
    summary = Backtester(url).run(candidate, nullptr, options);
    seconds.push_back(std::chrono::duration<double>(Clock::now() - started).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::printf(
      "back-test, %d threads: %ld cases, %ld changed, %zu skipped; runs %.2f / %.2f / %.2f s "
      "(median %.2f s = %.0f cases/s)\n",
      threads, summary["cases"].get<long>(), summary["changed"].get<long>(),
      summary["skipped"].size(), seconds[0], seconds[1], seconds[2], seconds[1],
      static_cast<double>(count) / seconds[1]);

  const auto monitorStarted = Clock::now();
  const auto report = PortfolioMonitor(url).run(model.model(), "", threads);
  std::printf("monitor: %ld decisions, %zu features with PSI in %.2f s\n",
              report["decisions"].get<long>(), report["features"].size(),
              std::chrono::duration<double>(Clock::now() - monitorStarted).count());
  cluster.stop();
  fs::remove_all(root);
  return 0;
}
