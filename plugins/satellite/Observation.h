#pragma once

#include <array>
#include <cmath>
#include <string>

namespace aviary::satellite {

// Band order used throughout: the Sentinel-2 L2A bands the source reads.
inline constexpr std::array<const char*, 7> kBandNames = {"B02", "B03", "B04", "B05",
                                                          "B08", "B11", "B12"};
enum Band { kB02, kB03, kB04, kB05, kB08, kB11, kB12 };

// One scene's view of one parcel: clear-pixel, coverage-weighted mean reflectance.
struct Observation {
  std::string itemId;
  std::string date;
  int year = 0;
  int dayOfYear = 0;
  double coveredFraction = 0;  // share of the parcel inside the scene
  double clearFraction = 0;    // share of the parcel with clear, valid pixels
  // Share of the mean that is the parcel's own signal: 1 when the edge pixels could be
  // unmixed, else the coverage-weighted mean coverage (a small plot on a 20 m grid is mostly
  // its neighbours).
  double purity = 1;
  std::array<double, 7> reflectance{NAN, NAN, NAN, NAN, NAN, NAN, NAN};  // 0..1, NaN if no band
  double openWater = NAN;  // share of the clear ground under open water, by unmixing
  double cloudShare = 0;   // share of the mean that was cloud the mask missed (taken out)
  bool snow = false;       // the mean looks like snow: it shows neither canopy nor water
  bool rejected = false;   // set by outlier rejection
  std::string rejectReason;
};

}  // namespace aviary::satellite
