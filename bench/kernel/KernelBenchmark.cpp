// Measures the decision kernel with evidence in hand: features, rules, score, TreeSHAP
// reasons, limit and price, without the database. Prints p50/p99 latency on one thread and
// the batch re-scoring throughput.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "CreditRiskModel.h"
#include "CsvTable.h"
#include "DecisionKernel.h"
#include "FeatureEncoder.h"
#include "Percentile.h"
#include "SyntheticBook.h"
#include "ThreadCpuClock.h"

using namespace aviary;
using Clock = std::chrono::steady_clock;

int main() {
  const auto model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const auto policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
  const auto applicants =
      CsvTable::read(std::string(AVIARY_SOURCE_DIR) + "/resources/demo/applicants.csv");

  std::mt19937 random(42);
  const DecisionKernel kernel(model, policy, testing::syntheticCatalog());
  const auto cases = testing::syntheticCases(applicants, applicants.rowCount(), random);

  for (std::size_t i = 0; i < 200; ++i)
    kernel.decide(cases[i].caseFile, cases[i].evidence);  // warm up
  std::vector<double> latencies;
  std::vector<double> cpuLatencies;
  std::map<std::string, int> outcomes;
  const auto started = Clock::now();
  for (int round = 0; round < 2; ++round)
    for (const auto& prepared : cases) {
      const auto t0 = Clock::now();
      const double cpu0 = threadCpuMilliseconds();
      const Decision decision = kernel.decide(prepared.caseFile, prepared.evidence);
      cpuLatencies.push_back(threadCpuMilliseconds() - cpu0);
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      ++outcomes[decision.outcome];
    }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::printf(
      "kernel decide (features, rules, score, TreeSHAP reasons, limit, price), one thread:\n");
  std::printf(
      "  decisions %zu  p50 %.3f ms  p99 %.3f ms  max %.3f ms  throughput %.0f decisions/s\n",
      latencies.size(), percentile(latencies, 0.5), percentile(latencies, 0.99),
      percentile(latencies, 1.0), static_cast<double>(latencies.size()) / seconds);
  std::printf("  CPU time per decision: p50 %.3f ms  p99 %.3f ms\n", percentile(cpuLatencies, 0.5),
              percentile(cpuLatencies, 0.99));
  std::printf("  outcomes: approve %d, refer %d, decline %d\n", outcomes["approve"],
              outcomes["refer"], outcomes["decline"]);

  // Batch re-scoring of a portfolio: the same rows scored in bulk.
  std::vector<credit::CreditRow> rows;
  for (int copy = 0; copy < 25; ++copy)
    for (const auto& prepared : cases) {
      credit::CreditRow row;
      for (const auto& [column, value] : prepared.caseFile.applicant) row.emplace(column, value);
      rows.push_back(std::move(row));
    }
  const auto batchStarted = Clock::now();
  const auto scores = model.model().probabilitiesOfDefault(rows);
  const double batchSeconds = std::chrono::duration<double>(Clock::now() - batchStarted).count();
  std::printf("batch re-scoring: %zu rows in %.3f s = %.0f scorings/s\n", scores.size(),
              batchSeconds, static_cast<double>(scores.size()) / batchSeconds);
  return 0;
}
