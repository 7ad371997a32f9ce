// Parcels per second through the whole satellite pipeline on a 48-date stack, I/O included:
// opening the scenes, windowed GeoTIFF reads, coverage, series, classification and judgement.
// Usage: bench_satellite [--parcels N] [--dates N] [--threads N] [--catalog C --parcels-file P]
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "CropCalendar.h"
#include "CropClassifier.h"
#include "GeodesicArea.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "Percentile.h"
#include "SceneSimulator.h"
#include "SceneStack.h"
#include "SeasonJudge.h"
#include "StacCatalog.h"

using namespace aviary::satellite;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The 1-minute load average: the machine may be shared, so wall-clock figures need it.
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string oneMinute;
  in >> oneMinute;
  return oneMinute.empty() ? "unknown" : oneMinute;
}

int main(int argc, char** argv) {
  int parcels = 300, dates = 48, threads = 2;
  std::string catalogFile, parcelsFile;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::cout << "Parcels per second through the satellite pipeline, I/O included, and p50/p99 "
                   "per parcel.\nUsage: bench_satellite [--parcels N] [--dates N] [--threads N] "
                   "[--catalog C --parcels-file P]\n(default: a simulated stack of 300 parcels "
                   "x 48 dates)\n";
      return 0;
    }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--parcels")
      parcels = std::stoi(argv[i + 1]);
    else if (flag == "--dates")
      dates = std::stoi(argv[i + 1]);
    else if (flag == "--threads")
      threads = std::stoi(argv[i + 1]);
    else if (flag == "--catalog")
      catalogFile = argv[i + 1];
    else if (flag == "--parcels-file")
      parcelsFile = argv[i + 1];
  }
  fs::path temp;
  if (catalogFile.empty()) {
    temp = fs::temp_directory_path() / ("aviary_bench_satellite_" + std::to_string(::getpid()));
    SceneSimulator::Options o;
    o.seed = 777;
    o.parcels = parcels;
    o.dates = dates;
    std::cerr << "simulating " << parcels << " parcels x " << dates << " dates in " << temp << "\n";
    SceneSimulator::write(temp, o);
    catalogFile = (temp / "catalog.json").string();
    parcelsFile = (temp / "parcels.geojson").string();
  }
  const CropClassifier model = CropClassifier::load(CropClassifier::shippedModel(), threads);
  const auto& calendar = CropCalendar::shipped();

  // Throughput: from reading the catalog to the judged result, on `threads` workers.
  const auto start = Clock::now();
  const std::clock_t cpuStart = std::clock();
  const auto catalog = StacCatalog::read(catalogFile);
  const auto list = ParcelReader::readFile(parcelsFile, {});
  ParcelAssessor assessor(catalog.items, calendar, {"", threads});
  const auto results = assessor.assess(list, model);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  int errors = 0;
  for (const auto& r : results) errors += !r.error.empty();

  // Latency: one parcel at a time on one thread (reads, series, model, judge), as a single
  // case runs in the pipeline, whose model predicts on one thread too. The first pass
  // opens each scene and reads its blocks for the first time, as a single case does; the
  // second finds them in GDAL's cache.
  SceneStack stack(assessor.items());
  const CropClassifier oneThread = CropClassifier::load(CropClassifier::shippedModel());
  std::vector<double> cold, latencies;
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) cold.swap(latencies);
    for (const auto& parcel : list) {
      const auto t0 = Clock::now();
      std::vector<std::string> warnings;
      auto series = ParcelTimeSeries::build(stack.observe(parcel, warnings));
      if (series.usable()) {
        // One parcel alone: no region calendar or ranks (missing, as in a single case).
        std::vector<float> row = assessor.features(series);
        ParcelAssessor::addBatchFeatures({&row}, assessor.parcelFeatureNames());
        const auto p = oneThread.predict({row});
        const auto best = std::max_element(p[0].begin(), p[0].end()) - p[0].begin();
        SeasonJudge::judge(series, *calendar.find(oneThread.classes()[best]),
                           GeodesicArea::mu(parcel.areaM2), assessor.year());
      }
      latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  auto latency = [&](double q) { return aviary::percentile(latencies, q); };
  std::cout << "satellite assess: " << results.size() << " parcels x " << assessor.items().size()
            << " scenes, " << threads << " threads, " << errors << " errors\n"
            << "throughput " << results.size() / seconds << " parcels/s (" << seconds
            << " s, I/O included)\n"
            << "cpu " << cpuSeconds << " s: " << results.size() / cpuSeconds
            << " parcels per CPU-second; load average " << loadAverage() << "\n"
            << "latency per parcel (1 thread, scenes read for the first time): p50 "
            << aviary::percentile(cold, 0.5) << " ms, p99 " << aviary::percentile(cold, 0.99)
            << " ms\n"
            << "latency per parcel (1 thread, warm): p50 " << latency(0.5) << " ms, p99 "
            << latency(0.99) << " ms\n";
  if (!temp.empty()) fs::remove_all(temp);
  return 0;
}
