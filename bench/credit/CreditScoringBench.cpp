// Credit model scoring speed: single-row PD + TreeSHAP latency (the decision kernel's path) and
// batch re-scoring throughput, on one thread, with the shipped model and real applicant rows.
//   bench_credit [model.json] [applications.csv]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "CreditModel.h"
#include "CsvTable.h"
#include "Percentile.h"
#include "ThreadCpuClock.h"

using namespace aviary;
using namespace aviary::credit;
using Clock = std::chrono::steady_clock;

namespace {

// CPU time of this thread: on a shared machine wall-clock percentiles also count the time
// other processes held the core, so both are printed.
double threadCpuMicros() {
  return aviary::threadCpuMilliseconds() * 1e3;
}

template <typename Score>
void latency(const char* what, const std::vector<CreditRow>& rows, std::size_t runs, Score score) {
  for (std::size_t i = 0; i < 200; ++i) score(rows[i % rows.size()]);  // warm up
  std::vector<double> wall, cpu;
  wall.reserve(runs);
  cpu.reserve(runs);
  for (std::size_t i = 0; i < runs; ++i) {
    const double cpuStart = threadCpuMicros();
    const auto start = Clock::now();
    score(rows[i % rows.size()]);
    wall.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    cpu.push_back(threadCpuMicros() - cpuStart);
  }
  std::printf(
      "%s (%zu rows)\n  wall: p50 %8.1f us  p99 %8.1f us  max %8.1f us\n"
      "  cpu:  p50 %8.1f us  p99 %8.1f us  max %8.1f us\n",
      what, runs, percentile(wall, 0.5), percentile(wall, 0.99), percentile(wall, 1.0),
      percentile(cpu, 0.5), percentile(cpu, 0.99), percentile(cpu, 1.0));
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::printf(
        "Credit model scoring speed: single-row PD and TreeSHAP latency (p50/p99), batch "
        "throughput.\nUsage: bench_credit [model.json] [applications.csv]\n(default: the "
        "shipped model and tests/data/credit/credit_data.csv)\n");
    return 0;
  }
  const std::string modelPath =
      argc > 1 ? argv[1] : std::string(AVIARY_SOURCE_DIR) + "/resources/models/credit_default.json";
  const std::string dataPath =
      argc > 2 ? argv[2] : std::string(AVIARY_SOURCE_DIR) + "/tests/data/credit/credit_data.csv";
  const CreditModel model = CreditModel::load(modelPath);
  const CsvTable table = CsvTable::read(dataPath);
  std::vector<CreditRow> rows;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    CreditRow row;
    for (std::size_t c = 0; c < table.header().size(); ++c)
      row[table.header()[c]] = table.row(r)[c];
    rows.push_back(std::move(row));
  }
  std::printf("model %s (%zu columns, %zu features), %zu applicant rows, 1 thread\n",
              modelPath.c_str(), model.featureColumns().size(), model.encoder().featureCount(),
              rows.size());

  double sink = 0;
  latency("single row: PD", rows, 20000,
          [&](const CreditRow& row) { sink += model.probabilityOfDefault(row); });
  latency("single row: PD + TreeSHAP reasons", rows, 20000,
          [&](const CreditRow& row) { sink += model.contributions(row).probabilityOfDefault; });

  // Batch re-scoring of a portfolio: rows as the kernel holds them (maps of cells).
  std::vector<CreditRow> portfolio;
  while (portfolio.size() < 200000) portfolio.insert(portfolio.end(), rows.begin(), rows.end());
  model.probabilitiesOfDefault(rows);  // warm up
  auto start = Clock::now();
  double cpuStart = threadCpuMicros();
  const auto pd = model.probabilitiesOfDefault(portfolio);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  double cpuSeconds = (threadCpuMicros() - cpuStart) / 1e6;
  sink += pd.back();
  std::printf(
      "batch re-scoring (encode + PD):    %9.0f scorings/s wall, %9.0f per CPU-second"
      "  (%zu rows)\n",
      static_cast<double>(portfolio.size()) / seconds,
      static_cast<double>(portfolio.size()) / cpuSeconds, portfolio.size());

  std::vector<float> encoded(rows.size() * model.encoder().featureCount());
  for (std::size_t r = 0; r < rows.size(); ++r)
    model.encoder().encode(rows[r], &encoded[r * model.encoder().featureCount()]);
  start = Clock::now();
  cpuStart = threadCpuMicros();
  std::size_t scored = 0;
  for (int repeat = 0; repeat < 40; ++repeat)
    scored += model.probabilitiesOfDefault(encoded).size();
  seconds = std::chrono::duration<double>(Clock::now() - start).count();
  cpuSeconds = (threadCpuMicros() - cpuStart) / 1e6;
  std::printf(
      "batch re-scoring (pre-encoded PD): %9.0f scorings/s wall, %9.0f per CPU-second"
      "  (%zu rows)\n",
      static_cast<double>(scored) / seconds, static_cast<double>(scored) / cpuSeconds, scored);
  return sink > 0 ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_credit: %s\n", e.what());
  return 1;
}
