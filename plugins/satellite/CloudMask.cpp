#include "CloudMask.h"

namespace aviary::satellite {
namespace {

constexpr std::uint8_t kNoData = 0, kShadow = 3, kClear = 4, kWater = 6, kCloud = 9, kCirrus = 10,
                       kSnow = 11;

bool bit(std::uint16_t value, int index) {
  return (value >> index) & 1U;
}

}  // namespace

const char* CloudMask::assetName(Kind kind) {
  switch (kind) {
    case Kind::LandsatQa:
      return "QA_PIXEL";
    case Kind::HlsFmask:
      return "FMASK";
    default:
      return "SCL";
  }
}

std::uint8_t CloudMask::sclFromLandsatQa(std::uint16_t qa) {
  // Bits: 0 fill, 1 dilated cloud, 2 cirrus, 3 cloud, 4 cloud shadow, 5 snow, 7 water.
  if (bit(qa, 0)) return kNoData;
  if (bit(qa, 1) || bit(qa, 3)) return kCloud;
  if (bit(qa, 4)) return kShadow;
  if (bit(qa, 2)) return kCirrus;
  if (bit(qa, 5)) return kSnow;
  return bit(qa, 7) ? kWater : kClear;
}

std::uint8_t CloudMask::sclFromHlsFmask(std::uint16_t fmask) {
  // Bits: 0 cirrus, 1 cloud, 2 next to cloud or shadow, 3 cloud shadow, 4 snow or ice,
  // 5 water, 6-7 aerosol level (not a reason to drop a pixel).
  if (fmask == 255) return kNoData;
  if (bit(fmask, 1)) return kCloud;
  if (bit(fmask, 2) || bit(fmask, 3)) return kShadow;
  if (bit(fmask, 0)) return kCirrus;
  if (bit(fmask, 4)) return kSnow;
  return bit(fmask, 5) ? kWater : kClear;
}

}  // namespace aviary::satellite
