// Measures the decision kernel with evidence in hand: features, rules, score, TreeSHAP
// reasons, limit and price, without the database. Prints p50/p99 latency on one thread and
// the batch re-scoring throughput.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "CreditRiskModel.h"
#include "CsvTable.h"
#include "DecisionKernel.h"
#include "FeatureEncoder.h"

using namespace aviary;
using Clock = std::chrono::steady_clock;

namespace {

Evidence evidenceFor(const std::string& segment, std::mt19937& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  Evidence evidence;
  evidence.sourceVersion = "bench";
  if (segment == "farmer") {
    evidence.sourceId = "satellite";
    evidence.features = {{"total_area_mu", 5 + 100 * unit(random)},
                         {"expected_value_cny", 20000 + 200000 * unit(random)},
                         {"crop_confidence", 0.7 + 0.3 * unit(random)},
                         {"declared_match_ratio", unit(random) < 0.1 ? 0.2 : 1.0},
                         {"hazard_count", unit(random) < 0.1 ? 1 : 0},
                         {"condition_score", unit(random)}};
  } else if (segment == "dealer") {
    evidence.sourceId = "supplychain";
    evidence.features = {{"monthly_purchase_cny", 20000 + 500000 * unit(random)},
                         {"purchase_stability", unit(random)},
                         {"months_active", 3 + 36 * unit(random)},
                         {"supplier_concentration", unit(random)},
                         {"downstream_count", 50 * unit(random)},
                         {"network_standing", unit(random)},
                         {"circular_trade", unit(random) < 0.03 ? 1 : 0},
                         {"shell_suspect", 0}};
  } else {
    evidence.sourceId = "credentials";
    evidence.features = {{"business_age_months", 60 * unit(random)},
                         {"licence_in_force", unit(random) < 0.05 ? 0 : 1},
                         {"monthly_fixed_costs_cny", 3000 + 20000 * unit(random)},
                         {"documented_monthly_revenue_cny", 10000 + 80000 * unit(random)},
                         {"failed_checks", unit(random) < 0.1 ? 1 : 0},
                         {"unreadable_documents", 0}};
  }
  return evidence;
}

// CPU time of this thread: on a shared machine wall time also counts waiting for a core.
double threadCpuMilliseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main() {
  const auto model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const auto policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
  const auto applicants =
      credit::CsvTable::read(std::string(AVIARY_SOURCE_DIR) + "/resources/demo/applicants.csv");

  std::map<std::string, FeatureDescriptor> catalog;
  std::mt19937 random(42);
  for (const char* segment : {"farmer", "dealer", "shop"})
    for (const auto& [name, value] : evidenceFor(segment, random).features)
      catalog[evidenceFor(segment, random).sourceId + "." + name] = {
          name, FeatureDescriptor::Type::Number, name.ends_with("_cny") ? "cny" : "", name};
  const DecisionKernel kernel(model, policy, catalog);

  struct Prepared {
    CaseFile caseFile;
    std::vector<Evidence> evidence;
  };
  std::vector<Prepared> cases;
  const char* segments[] = {"farmer", "dealer", "shop"};
  for (std::size_t i = 0; i < applicants.rowCount(); ++i) {
    Prepared prepared;
    CaseFile& file = prepared.caseFile;
    file.idempotencyKey = "bench-" + std::to_string(i);
    file.merchantId = "M" + std::to_string(i);
    file.segment = segments[i % 3];
    file.requestedAmountCny = 10000 + 5000 * static_cast<double>(i % 40);
    file.asOf = "2026-11-01";
    for (std::size_t c = 0; c < applicants.header().size(); ++c) {
      const std::string& cell = applicants.row(i)[c];
      if (credit::FeatureEncoder::isMissing(cell))
        file.applicant[applicants.header()[c]] = std::monostate{};
      else if (auto number = credit::FeatureEncoder::parseNumber(cell))
        file.applicant[applicants.header()[c]] = *number;
      else
        file.applicant[applicants.header()[c]] = cell;
    }
    prepared.evidence.push_back(evidenceFor(file.segment, random));
    cases.push_back(std::move(prepared));
  }

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
