#pragma once

#include <cstdint>
#include <string>

namespace aviary::satellite {

// The per-pixel cloud mask an item carries, read as Sentinel-2 SCL classes so that one clear
// test serves all: Sentinel-2's SCL itself, Landsat Collection 2's QA_PIXEL bits, or the Fmask
// bits of NASA's Harmonized Landsat Sentinel-2 (HLS).
class CloudMask {
 public:
  enum class Kind { Scl, LandsatQa, HlsFmask };

  // The item's asset names for each kind, in the order they are looked for.
  static const char* assetName(Kind kind);
  // The SCL class (0 no data, 3 shadow, 4 clear, 6 water, 9 cloud, 10 cirrus, 11 snow) of
  // a Landsat QA_PIXEL value.
  static std::uint8_t sclFromLandsatQa(std::uint16_t qa);
  // ... of an HLS Fmask value (255 is no data; pixels next to cloud or shadow count as shadow).
  static std::uint8_t sclFromHlsFmask(std::uint16_t fmask);
};

}  // namespace aviary::satellite
