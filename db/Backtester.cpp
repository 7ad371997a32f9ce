#include "Backtester.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include <pqxx/pqxx>

#include "BacktestReport.h"
#include "DecisionKernel.h"

namespace aviary {
namespace {

// Every model the book was decided with, by hash, loaded once before the threads start.
std::map<std::string, std::unique_ptr<CreditRiskModel>> storedModels(const std::string& url) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  std::map<std::string, std::unique_ptr<CreditRiskModel>> models;
  for (const auto& row :
       tx.exec("SELECT m.sha256, m.content FROM models m WHERE m.model_id IN "
               "(SELECT DISTINCT model_id FROM decisions WHERE kind = 'automatic')"))
    models[row[0].as<std::string>()] = std::make_unique<CreditRiskModel>(
        credit::CreditModel::fromJsonText(row[1].as<std::string>(), "stored model"));
  return models;
}

}  // namespace

Backtester::Backtester(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

nlohmann::json Backtester::run(const PolicyRuleSet& candidate,
                               const CreditRiskModel* candidateModel,
                               const Options& options) const {
  const auto models =
      candidateModel ? decltype(storedModels(""))() : storedModels(connectionString_);
  const int threads = std::max(1, options.threads);
  std::vector<BacktestReport> reports(static_cast<std::size_t>(threads),
                                      BacktestReport(options.sampleSize));
  std::mutex skippedMutex;
  nlohmann::json skipped = nlohmann::json::array();
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> total{0};

  StoredBook(connectionString_)
      .forEach(
          options.filter, threads,
          [&](const BookEntry& entry, int thread) {
            const RiskModel* model = candidateModel;
            if (model == nullptr) {
              const auto stored = models.find(entry.decision.modelSha256);
              if (stored == models.end())
                throw std::runtime_error("its model " + entry.decision.modelSha256.substr(0, 12) +
                                         " is not stored");
              model = stored->second.get();
            }
            static const std::map<std::string, FeatureDescriptor> kNoCatalog;
            const DecisionKernel kernel(*model, candidate,
                                        entry.catalog ? *entry.catalog : kNoCatalog);
            reports[static_cast<std::size_t>(thread)].add(
                entry.caseId, entry.segment, entry.decision,
                kernel.decide(entry.caseFile, entry.evidence));
            const std::size_t finished = ++done;
            if (options.progress && thread == 0 && finished % 200 == 0)
              options.progress(finished, total);
          },
          [&](std::int64_t caseId, const std::string& reason) {
            std::lock_guard lock(skippedMutex);
            skipped.push_back({{"case_id", caseId}, {"reason", reason}});
          },
          [&](std::size_t cases) { total = cases; });
  for (std::size_t i = 1; i < reports.size(); ++i) reports[0].merge(reports[i]);
  nlohmann::json summary = reports[0].toJson();
  summary["candidate"] = {{"rule_set", candidate.name()},
                          {"version", candidate.version()},
                          {"sha256", candidate.sha256()},
                          {"model", candidateModel ? candidateModel->sha256() : "as decided"}};
  summary["filter"] = {{"since", options.filter.since}, {"segment", options.filter.segment}};
  summary["skipped"] = skipped;
  return summary;
}

std::int64_t Backtester::store(const nlohmann::json& summary, const PolicyRuleSet& candidate,
                               const CreditRiskModel* candidateModel,
                               const StoredBook::Filter& filter) const {
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  const auto id =
      tx.exec_params1(
            "INSERT INTO backtests (rule_set_name, rule_set_version, rule_set_sha256, "
            "model_sha256, "
            "since, segment, summary) VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, '')::date, "
            "NULLIF($6, ''), $7::jsonb) RETURNING backtest_id",
            candidate.name(), candidate.version(), candidate.sha256(),
            candidateModel ? candidateModel->sha256() : std::string(), filter.since, filter.segment,
            summary.dump())[0]
          .as<std::int64_t>();
  tx.exec_params("INSERT INTO audit_log (action, detail) VALUES ('backtest_run', $1::jsonb)",
                 nlohmann::json({{"backtest_id", id},
                                 {"rule_set_version", candidate.version()},
                                 {"cases", summary.value("cases", 0)},
                                 {"changed", summary.value("changed", 0)}})
                     .dump());
  tx.commit();
  return id;
}

}  // namespace aviary
