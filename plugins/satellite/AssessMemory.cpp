#include "AssessMemory.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace aviary::satellite {
namespace {

constexpr double kBaseBytes = 0.2e9;
constexpr double kPerParcel = 16e3, kPerParcelScene = 0.35e3;
constexpr double kUsableShare = 0.9;  // of what is available: the rest for the system

std::string gigabytes(double bytes) {
  std::ostringstream text;
  text.precision(bytes < 10e9 ? 2 : 3);
  text << bytes / 1e9 << " GB";
  return text.str();
}

}  // namespace

double AssessMemory::estimateBytes(std::size_t parcels, std::size_t scenes) {
  return kBaseBytes + static_cast<double>(parcels) *
                          (kPerParcel + kPerParcelScene * static_cast<double>(scenes));
}

double AssessMemory::availableBytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kilobytes = 0;
  std::string unit;
  while (meminfo >> key >> kilobytes >> unit)
    if (key == "MemAvailable:") return kilobytes * 1024;
  return NAN;
}

std::string AssessMemory::refusal(std::size_t parcels, std::size_t scenes, double available) {
  const double needed = estimateBytes(parcels, scenes);
  if (!(available > 0) || needed <= kUsableShare * available) return {};
  const double perParcel = kPerParcel + kPerParcelScene * static_cast<double>(scenes);
  const double fit = std::max(0.0, (kUsableShare * available - kBaseBytes) / perParcel);
  std::ostringstream text;
  text << parcels << " parcels over " << scenes << " scenes need about " << gigabytes(needed)
       << " of memory at once, and " << gigabytes(available)
       << " is available: split the parcels into files of at most "
       << static_cast<long long>(std::floor(fit / 1000) * 1000)
       << " parcels, one region each, and assess them one after another";
  return text.str();
}

}  // namespace aviary::satellite
