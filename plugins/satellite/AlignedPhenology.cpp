#include "AlignedPhenology.h"

#include <algorithm>
#include <cmath>

#include "UpperMedian.h"

namespace aviary::satellite {
namespace {

constexpr int kDays = ParcelTimeSeries::kDays;
constexpr int kRawFrom = -4, kRawTo = 20;         // raw NDVI at green-up + 10 k days
constexpr int kShapeFrom = -2, kShapeTo = 16;     // normalised NDVI at the same steps
constexpr double kSecondSeasonProminence = 0.12;  // a second crop rises this much at least
constexpr int kBaseWindow = 150;                  // days either side of the peak for its base
constexpr double kDenseCanopy = 0.65;

double at(const std::vector<double>& curve, int day) {
  return day >= 1 && day <= kDays ? curve[day - 1] : NAN;
}

// The day the curve crosses `level` walking from `from` in `step` (-1 left, +1 right);
// the last day reached when it never does.
int crossing(const std::vector<double>& curve, int from, int step, double level) {
  int d = from;
  while (d + step >= 1 && d + step <= kDays && curve[d - 1] > level) d += step;
  return d;
}

}  // namespace

std::vector<std::string> AlignedPhenology::featureNames() {
  std::vector<std::string> names;
  auto step = [](int k) { return (k < 0 ? "m" : "p") + std::to_string(std::abs(k * 10)); };
  for (int k = kRawFrom; k <= kRawTo; ++k) names.push_back("aligned_ndvi_" + step(k));
  for (int k = kShapeFrom; k <= kShapeTo; ++k) names.push_back("aligned_shape_" + step(k));
  for (const char* n : {"aligned_peak",        "aligned_floor_before", "aligned_floor_after",
                        "aligned_rise",        "aligned_fall",         "aligned_winter",
                        "aligned_season_days", "aligned_rise_days",    "aligned_fall_days",
                        "aligned_peak_lag",    "second_season_lag",    "second_season_peak",
                        "second_season_rise",  "aligned_water_before", "aligned_water_lag",
                        "aligned_water_after", "aligned_lswi_peak",    "aligned_ndre_peak",
                        "aligned_lswi_rising", "aligned_evi_ratio",    "aligned_clear_in_season",
                        "longest_clear_gap",   "canopy_swir11_ratio",  "canopy_swir12_ratio",
                        "canopy_rededge_ratio"})
    names.emplace_back(n);
  return names;
}

std::vector<float> AlignedPhenology::features(const ParcelTimeSeries& series) {
  const std::size_t count = featureNames().size();
  std::vector<float> f;
  f.reserve(count);
  const auto& ndvi = series.ndvi;
  if (!series.usable() || ndvi.size() != static_cast<std::size_t>(kDays) || !std::isfinite(ndvi[0]))
    return std::vector<float>(count, NAN);

  // The main season: the highest peak, its bases within kBaseWindow days either side.
  const int peak = static_cast<int>(std::max_element(ndvi.begin(), ndvi.end()) - ndvi.begin()) + 1;
  const double top = ndvi[peak - 1];
  const auto lo = ndvi.begin() + std::max(0, peak - 1 - kBaseWindow);
  const auto hi = ndvi.begin() + std::min(kDays, peak + kBaseWindow);
  const double before = *std::min_element(lo, ndvi.begin() + peak);
  const double after = *std::min_element(ndvi.begin() + peak - 1, hi);
  const double rise = std::max(1e-3, top - before), fall = std::max(1e-3, top - after);
  const int greenup = crossing(ndvi, peak, -1, before + 0.5 * rise);
  const int senescence = crossing(ndvi, peak, +1, after + 0.5 * fall);
  const int rise20 = crossing(ndvi, peak, -1, before + 0.2 * rise);
  const int rise80 = crossing(ndvi, peak, -1, before + 0.8 * rise);
  const int fall80 = crossing(ndvi, peak, +1, after + 0.8 * fall);
  const int fall20 = crossing(ndvi, peak, +1, after + 0.2 * fall);

  for (int k = kRawFrom; k <= kRawTo; ++k)
    f.push_back(static_cast<float>(at(ndvi, greenup + 10 * k)));
  for (int k = kShapeFrom; k <= kShapeTo; ++k)
    f.push_back(static_cast<float>((at(ndvi, greenup + 10 * k) - before) / rise));

  double winter = 0;
  int winterDays = 0;
  for (int d = 1; d <= kDays; ++d)
    if (d <= 30 || d > kDays - 30) {
      winter += ndvi[d - 1];
      ++winterDays;
    }

  // A second season: the highest other maximum that rises kSecondSeasonProminence above the
  // lows between it and the main peak and on its far side.
  double secondPeak = NAN, secondRise = NAN, secondLag = NAN;
  for (int d = 2; d < kDays; ++d) {
    if (std::abs(d - peak) < 40 || ndvi[d - 1] < ndvi[d - 2] || ndvi[d - 1] < ndvi[d]) continue;
    const int a = std::min(d, peak), b = std::max(d, peak);
    const double between = *std::min_element(ndvi.begin() + a - 1, ndvi.begin() + b);
    const int farEnd = d < peak ? std::max(1, d - kBaseWindow) : std::min(kDays, d + kBaseWindow);
    const double far = d < peak ? *std::min_element(ndvi.begin() + farEnd - 1, ndvi.begin() + d)
                                : *std::min_element(ndvi.begin() + d - 1, ndvi.begin() + farEnd);
    const double prominence = ndvi[d - 1] - std::max(between, far);
    if (prominence >= kSecondSeasonProminence && !(ndvi[d - 1] <= secondPeak)) {
      secondPeak = ndvi[d - 1];
      secondRise = prominence;
      secondLag = d - peak;
    }
  }

  // Water around the green-up: rice is transplanted into a flooded field just before it.
  auto maxOver = [](const std::vector<double>& curve, int from, int to, int* where) {
    double best = NAN;
    for (int d = std::max(1, from); d <= std::min(kDays, to); ++d)
      if (std::isfinite(curve[d - 1]) && !(curve[d - 1] <= best)) {
        best = curve[d - 1];
        if (where) *where = d;
      }
    return best;
  };
  int waterDay = greenup;
  const double waterBefore = maxOver(series.mndwi, greenup - 45, greenup + 15, &waterDay);
  const double waterAfter = maxOver(series.mndwi, senescence + 10, kDays, nullptr);

  int clearInSeason = 0, lastClear = 0, longestGap = 0;
  for (const Observation& o : series.observations) {
    if (o.rejected) continue;
    clearInSeason += o.dayOfYear >= greenup - 30 && o.dayOfYear <= senescence + 30;
    longestGap = std::max(longestGap, o.dayOfYear - lastClear);
    lastClear = o.dayOfYear;
  }
  longestGap = std::max(longestGap, kDays - lastClear);

  // The canopy's own band ratios where it covers the ground (NDVI > kDenseCanopy): soil and
  // brightness barely enter, so canopy water (SWIR) and chlorophyll (red edge) show.
  std::vector<double> swir11, swir12, redEdge;
  for (std::size_t i = 0; i < series.observations.size(); ++i) {
    const Observation& o = series.observations[i];
    const auto& r = o.reflectance;
    if (o.rejected || o.purity < 0.8 || !(series.indices[i].ndvi > kDenseCanopy) || !(r[kB08] > 0))
      continue;
    swir11.push_back(r[kB11] / r[kB08]);
    swir12.push_back(r[kB12] / r[kB08]);
    if (std::isfinite(r[kB05])) redEdge.push_back(r[kB05] / r[kB08]);
  }

  const double eviPeak = at(series.evi, peak);
  for (double v : {top,
                   before,
                   after,
                   rise,
                   fall,
                   winter / winterDays,
                   static_cast<double>(senescence - greenup),
                   static_cast<double>(rise80 - rise20),
                   static_cast<double>(fall20 - fall80),
                   static_cast<double>(peak - greenup),
                   secondLag,
                   secondPeak,
                   secondRise,
                   waterBefore,
                   static_cast<double>(waterDay - greenup),
                   waterAfter,
                   at(series.lswi, peak),
                   at(series.ndre, peak),
                   at(series.lswi, greenup + 20),
                   std::isfinite(eviPeak) && top > 0 ? eviPeak / top : NAN,
                   static_cast<double>(clearInSeason),
                   static_cast<double>(longestGap),
                   upperMedian(swir11),
                   upperMedian(swir12),
                   upperMedian(redEdge)})
    f.push_back(static_cast<float>(v));
  return f;
}

}  // namespace aviary::satellite
