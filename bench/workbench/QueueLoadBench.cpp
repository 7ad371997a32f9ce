// workbench_queue_bench [--cases N] [--runs R]
// Seeds N decided cases (with evidence of a realistic size) into a throwaway PostgreSQL,
// then measures what the workbench waits for: reading the whole queue (SQL + rows), filling
// the queue model and filtering it, and opening one case. Prints p50/p99 and throughput.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

#include "CaseQueueFilter.h"
#include "CaseQueueModel.h"
#include "CaseQueueReader.h"
#include "CaseRepository.h"
#include "Percentile.h"
#include "TestDatabaseCluster.h"

namespace {

struct Percentiles {
  double p50, p99, mean;
};

Percentiles percentiles(const std::vector<double>& ms) {
  double sum = 0;
  for (double v : ms) sum += v;
  return {aviary::percentile(ms, 0.5), aviary::percentile(ms, 0.99),
          sum / static_cast<double>(ms.size())};
}

void seed(const std::string& url, int cases) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  tx.exec_params(
      "INSERT INTO merchants (merchant_id, name, segment, uscc, owner_name, owner_id_number) "
      "SELECT 'M' || i, 'Merchant ' || i, (ARRAY['farmer','dealer','shop'])[1 + i % 3], "
      "'9135' || lpad(i::text, 14, '0'), 'Owner ' || i, '110105194912310' || lpad((i % "
      "1000)::text, 3, '0') "
      "FROM generate_series(1, $1) i",
      cases);
  tx.exec_params(
      "INSERT INTO applications (idempotency_key, merchant_id, requested_amount_cny, term_months, "
      "case_file) "
      "SELECT 'k' || i, 'M' || i, 10000 + (i * 7919) % 900000, 12, "
      "jsonb_build_object('application', jsonb_build_object('requested_amount_cny', 10000 + (i * "
      "7919) % 900000)) "
      "FROM generate_series(1, $1) i",
      cases);
  // Evidence of a realistic size (a satellite series is tens of kilobytes).
  tx.exec(
      "INSERT INTO evidence_runs (case_id, source_id, source_version, status, evidence) "
      "SELECT case_id, 'satellite', '1.0.0', 'ok', jsonb_build_object('source_id', 'satellite', "
      "'artifacts', "
      "(SELECT jsonb_agg(jsonb_build_object('kind', 'time_series', 'name', 'p' || k, 'data', "
      "  jsonb_build_object('ndvi', (SELECT jsonb_agg(random()) FROM generate_series(1, 80))))) "
      " FROM generate_series(1, 6) k)) FROM applications");
  tx.exec("UPDATE applications SET status = 'processing'");
  tx.exec(
      "INSERT INTO decisions (case_id, kind, outcome, limit_cny, annual_rate, pd, rules_fired) "
      "SELECT case_id, 'automatic', (ARRAY['approve','decline','refer'])[1 + case_id % 3], 50000, "
      "0.09, "
      "(case_id % 100) / 200.0, CASE WHEN case_id % 3 = 2 THEN "
      "'[{\"id\": \"R005\", \"action\": \"refer\", \"text\": \"A flood hit the fields.\"}]'::jsonb "
      "ELSE '[]' END "
      "FROM applications");
  tx.exec(
      "UPDATE applications a SET status = CASE d.outcome WHEN 'approve' THEN 'approved' WHEN "
      "'decline' THEN "
      "'declined' ELSE 'referred' END FROM decisions d WHERE d.case_id = a.case_id");
  tx.commit();
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int cases = 5000, runs = 20;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::printf(
          "What the workbench waits for on a large queue (read, fill, filter, open one case), "
          "p50/p99.\nUsage: workbench_queue_bench [--cases N] [--runs R] (default 5000 cases, "
          "20 runs, in a throwaway PostgreSQL)\n");
      return 0;
    }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--cases") cases = std::atoi(argv[i + 1]);
    if (flag == "--runs") runs = std::atoi(argv[i + 1]);
  }
  aviary::testing::TestDatabaseCluster cluster;
  const std::string url = cluster.createMigratedDatabase("bench");
  QElapsedTimer timer;
  timer.start();
  seed(url, cases);
  std::printf("seeded %d cases in %.1f s\n", cases, static_cast<double>(timer.elapsed()) / 1000);

  std::vector<double> readMs, modelMs, filterMs, openMs;
  aviary::gui::CaseQueueModel model;
  aviary::gui::CaseQueueFilter filter;
  filter.setSourceModel(&model);
  for (int run = 0; run < runs; ++run) {
    timer.restart();
    auto rows = aviary::CaseQueueReader(url).read();
    readMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    timer.restart();
    model.setRows(std::move(rows));
    filter.sort(aviary::gui::CaseQueueModel::Amount);
    modelMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    timer.restart();
    filter.setSearchText(run % 2 == 0 ? "Merchant 12" : "9135000000");
    filter.setPdRange(0.1, 0.3);
    filter.setPdRange(std::nullopt, std::nullopt);
    filter.setSearchText({});
    filterMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6 / 4);
  }
  std::mt19937 random(7);
  aviary::CaseRepository repository(url);
  for (int run = 0; run < runs * 5; ++run) {
    timer.restart();
    repository.load(1 + static_cast<std::int64_t>(random() % static_cast<unsigned>(cases)));
    openMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
  }
  const auto print = [&](const char* what, const std::vector<double>& ms) {
    const auto p = percentiles(ms);
    std::printf("%-34s p50 %8.2f ms  p99 %8.2f ms  (%d runs)\n", what, p.p50, p.p99,
                static_cast<int>(ms.size()));
  };
  std::printf("queue of %d cases:\n", cases);
  print("read queue (SQL + rows)", readMs);
  print("fill model + sort", modelMs);
  print("re-filter (search, PD range)", filterMs);
  print("open one case (load with evidence)", openMs);
  std::printf("queue throughput: %.0f cases/s read\n", cases / (percentiles(readMs).p50 / 1000));
  return 0;
}
