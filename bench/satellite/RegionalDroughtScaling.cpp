// RegionalDrought on portfolios of many parcels: the time to find the droughts a batch shares
// grows with the parcels, not with their square. Synthetic batches of N parcels of three crops
// scattered over a county (about 1 parcel per hectare), a tenth of them in dry patches.
// Usage: bench_satellite_regional [--parcels N[,N...]] [--repeats R]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "RegionalDrought.h"

using namespace aviary::satellite;

namespace {

std::vector<ParcelResult> portfolio(int n, std::mt19937& rng) {
  const char* crops[] = {"maize_spring", "soybean", "cotton"};
  const double side = std::sqrt(n) * 0.001;  // degrees: ~100 m between parcel centres
  std::uniform_real_distribution<double> where(0, side), index(0.95, 1.05), unit(0, 1);
  std::vector<std::pair<double, double>> dry(std::max(1, n / 500));
  for (auto& centre : dry) centre = {where(rng), where(rng)};
  std::vector<ParcelResult> results(n);
  for (int i = 0; i < n; ++i) {
    ParcelResult& r = results[i];
    r.parcelId = "p" + std::to_string(i);
    r.system = crops[i % 3];
    r.longitude = 112 + where(rng);
    r.latitude = 30 + where(rng);
    double season = index(rng);
    for (const auto& [x, y] : dry)
      if (std::hypot(r.longitude - 112 - x, r.latitude - 30 - y) < 0.0025) season -= 0.3;
    r.judgement.seasonYieldIndex = {season};
    r.judgement.condition = "favourable";
  }
  return results;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * values.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {1000, 10000, 100000};
  int repeats = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: bench_satellite_regional [--parcels N[,N...]] [--repeats R]\n"
                   "Times RegionalDrought::find on synthetic batches of N parcels (default "
                   "1000,10000,100000; 5 repeats each) and prints parcels/s, p50 and p99.\n";
      return 0;
    }
    if (arg == "--parcels" && i + 1 < argc) {
      sizes.clear();
      std::stringstream list(argv[++i]);
      for (std::string n; std::getline(list, n, ',');) sizes.push_back(std::stoi(n));
    } else if (arg == "--repeats" && i + 1 < argc) {
      repeats = std::max(1, std::stoi(argv[++i]));
    } else {
      std::cerr << "unknown option " << arg << "; see --help\n";
      return 2;
    }
  }
  const CropCalendar& calendar = CropCalendar::shipped();
  std::mt19937 rng(7);
  for (int n : sizes) {
    std::vector<double> seconds;
    int droughts = 0;
    for (int k = 0; k < repeats; ++k) {
      auto results = portfolio(n, rng);
      const auto start = std::chrono::steady_clock::now();
      droughts = RegionalDrought::find(results, calendar, 2026);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("%7d parcels: %9.0f parcels/s, p50 %.3f s, p99 %.3f s per batch (%d droughts)\n", n,
                n / percentile(seconds, 0.5), percentile(seconds, 0.5), percentile(seconds, 0.99),
                droughts);
  }
  return 0;
}
