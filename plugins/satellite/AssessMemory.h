#pragma once

#include <cstddef>
#include <string>

namespace aviary::satellite {

// What assessing a batch holds in memory: every parcel's looks, daily curves and judgement
// stay until the batch methods (region calendar, peer curves, crop mix, ranks, regional
// drought) have seen them all. Measured (10,000 and 2,000 parcels, 24 and 96 scenes): about
// 16 KB per parcel and 0.35 KB per parcel and scene, on top of 0.2 GB. A batch that would not
// fit is refused before any work, saying how many parcels fit, rather than killed mid-way.
class AssessMemory {
 public:
  static double estimateBytes(std::size_t parcels, std::size_t scenes);
  // MemAvailable of /proc/meminfo; NaN when unknown.
  static double availableBytes();
  // Empty when the batch fits in `available` bytes (or that is unknown); else what to do.
  static std::string refusal(std::size_t parcels, std::size_t scenes, double available);
};

}  // namespace aviary::satellite
