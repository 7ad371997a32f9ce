#include "ParcelTimeSeries.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "WhittakerSmoother.h"

namespace aviary::satellite {
namespace {

constexpr double kMinClearFraction = 0.3;  // below this the parcel mean is mostly edge pixels
constexpr double kHazeBlue = 0.13;         // clear soil, water and canopy stay below in B02
constexpr double kMaxCloudShare = 0.4;     // more missed cloud than this leaves too little ground
constexpr double kDip = 0.1;               // an isolated NDVI dip this deep is residual cloud
constexpr double kLambda = 60;

bool accepted(const Observation& o) {
  return !o.rejected;
}

std::vector<double> smoothSeries(const std::vector<Observation>& obs,
                                 const std::vector<SpectralIndices>& idx,
                                 double SpectralIndices::*member) {
  std::vector<double> values(ParcelTimeSeries::kDays, 0.0), weights(ParcelTimeSeries::kDays, 0.0);
  bool any = false;
  for (std::size_t i = 0; i < obs.size(); ++i) {
    const double v = idx[i].*member;
    if (!accepted(obs[i]) || !std::isfinite(v)) continue;
    const int day = std::clamp(obs[i].dayOfYear, 1, ParcelTimeSeries::kDays) - 1;
    // An observation that was partly cloud counts for less: the cloud taken out is a guess.
    const double w = std::min(1.0, obs[i].clearFraction) * obs[i].purity *
                     std::max(0.2, 1 - 2 * obs[i].cloudShare);
    values[day] = (values[day] * weights[day] + v * w) / (weights[day] + w);
    weights[day] += w;
    any = true;
  }
  if (!any) return std::vector<double>(ParcelTimeSeries::kDays, NAN);
  std::vector<double> curve = WhittakerSmoother(kLambda).smooth(values, weights);
  // Before the first and after the last observation the smoother extrapolates its slope
  // linearly (NDVI of -0.9 by December after an autumn harvest seen in October): hold the
  // curve at its last observed level instead.
  const auto first = std::find_if(weights.begin(), weights.end(), [](double w) { return w > 0; });
  const auto last = std::find_if(weights.rbegin(), weights.rend(), [](double w) { return w > 0; });
  const auto from = first - weights.begin(), to = weights.rend() - last - 1;
  std::fill(curve.begin(), curve.begin() + from, curve[from]);
  std::fill(curve.begin() + to + 1, curve.end(), curve[to]);
  return curve;
}

// How much of the parcel a look shows clearly, and of its own pixels.
double lookQuality(const Observation& o) {
  return std::min(1.0, o.clearFraction) * o.purity;
}

// Overlapping tiles (two UTM zones or grids of one pass) show a parcel twice on one day: one
// look, not two. A day's looks are merged into one, each weighted by how much of the parcel
// it shows clearly, so that the day counts once in the observation counts, in the outlier
// check and among a flood's confirming looks, while both grids' pixels still average out noise.
void mergeInto(Observation& day, const Observation& other) {
  const double w0 = lookQuality(day), w1 = lookQuality(other);
  if (w1 <= 0) return;
  if (w0 <= 0) {
    day = other;
    return;
  }
  const auto mean = [&](double a, double b) {
    if (!std::isfinite(a)) return b;
    if (!std::isfinite(b)) return a;
    return (a * w0 + b * w1) / (w0 + w1);
  };
  for (std::size_t k = 0; k < day.reflectance.size(); ++k)
    day.reflectance[k] = mean(day.reflectance[k], other.reflectance[k]);
  day.openWater = mean(day.openWater, other.openWater);
  day.cloudShare = mean(day.cloudShare, other.cloudShare);
  day.purity = mean(day.purity, other.purity);
  day.snow = day.snow || other.snow;
  day.clearFraction = std::max(day.clearFraction, other.clearFraction);
  day.coveredFraction = std::max(day.coveredFraction, other.coveredFraction);
}

std::vector<Observation> oneLookPerDay(std::vector<Observation> sorted) {
  std::vector<Observation> kept;
  for (Observation& o : sorted)
    if (!kept.empty() && kept.back().year == o.year && kept.back().dayOfYear == o.dayOfYear)
      mergeInto(kept.back(), o);
    else
      kept.push_back(std::move(o));
  return kept;
}

}  // namespace

ParcelTimeSeries ParcelTimeSeries::build(std::vector<Observation> observations) {
  ParcelTimeSeries series;
  // Every daily curve has kDays days: a leap year's December 31 (day 366) is read as day 365,
  // one look with December 30's. The judge indexed its curves by day and wrote past them.
  for (Observation& o : observations) o.dayOfYear = std::clamp(o.dayOfYear, 1, kDays);
  std::stable_sort(observations.begin(), observations.end(), [](const auto& a, const auto& b) {
    return std::tie(a.year, a.dayOfYear) < std::tie(b.year, b.dayOfYear);
  });
  series.observations = oneLookPerDay(std::move(observations));
  for (const auto& o : series.observations)
    series.indices.push_back(SpectralIndices::of(o.reflectance));
  series.total = static_cast<int>(series.observations.size());
  series.rejectOutliers();
  series.smooth();
  series.describePhenology();
  return series;
}

void ParcelTimeSeries::rejectOutliers() {
  for (std::size_t i = 0; i < observations.size(); ++i) {
    Observation& o = observations[i];
    if (o.clearFraction < kMinClearFraction || !std::isfinite(indices[i].ndvi)) {
      o.rejected = true;
      o.rejectReason = "cloudy";
    } else if (o.snow) {  // the SCL's snow class misses the edges of a snow cover
      o.rejected = true;
      o.rejectReason = "snow";
    } else if (o.cloudShare > kMaxCloudShare ||
               (std::isfinite(o.reflectance[kB02]) && o.reflectance[kB02] > kHazeBlue)) {
      o.rejected = true;
      o.rejectReason = "haze";
    }
  }
  // Isolated dips: thin cloud and shadow edges the SCL missed. Open water is kept: a flood
  // also dips NDVI but raises MNDWI.
  for (int pass = 0; pass < 3; ++pass) {
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < observations.size(); ++i)
      if (accepted(observations[i])) kept.push_back(i);
    bool changed = false;
    for (std::size_t k = 1; k + 1 < kept.size(); ++k) {
      const std::size_t i = kept[k];
      const double prev = indices[kept[k - 1]].ndvi, next = indices[kept[k + 1]].ndvi;
      const bool water = std::isfinite(indices[i].mndwi) && indices[i].mndwi > 0;
      if (!water && indices[i].ndvi < std::min(prev, next) - kDip) {
        observations[i].rejected = true;
        observations[i].rejectReason = "outlier";
        changed = true;
        ++k;  // its neighbours are judged in the next pass
      }
    }
    if (!changed) break;
  }
  clear = static_cast<int>(std::count_if(observations.begin(), observations.end(), accepted));
}

void ParcelTimeSeries::smooth() {
  ndvi = smoothSeries(observations, indices, &SpectralIndices::ndvi);
  mndwi = smoothSeries(observations, indices, &SpectralIndices::mndwi);
  lswi = smoothSeries(observations, indices, &SpectralIndices::lswi);
  ndre = smoothSeries(observations, indices, &SpectralIndices::ndre);
  evi = smoothSeries(observations, indices, &SpectralIndices::evi);
}

void ParcelTimeSeries::describePhenology() {
  Phenology& p = phenology;
  for (std::size_t i = 0; i < observations.size(); ++i)
    if (accepted(observations[i]) && std::isfinite(indices[i].mndwi) &&
        !(indices[i].mndwi <= p.floodSignal)) {
      p.floodSignal = indices[i].mndwi;
      p.floodDay = observations[i].dayOfYear;
    }
  if (!usable() || !std::isfinite(ndvi[0])) return;
  const auto peakIt = std::max_element(ndvi.begin(), ndvi.end());
  const int peak = static_cast<int>(peakIt - ndvi.begin());
  p.peak = peak + 1;
  p.peakNdvi = *peakIt;
  p.minNdvi = *std::min_element(ndvi.begin(), ndvi.end());
  p.amplitude = p.peakNdvi - p.minNdvi;
  double integral = 0;
  for (double v : ndvi) integral += v - p.minNdvi;
  p.integral = integral / kDays;
  const double half = p.minNdvi + p.amplitude / 2;
  int g = peak;
  while (g > 0 && ndvi[g] > half) --g;
  p.greenup = g + 1;
  int s = peak;
  while (s + 1 < kDays && ndvi[s] > half) ++s;
  p.senescence = s + 1;
  double steepest = 0;
  for (int d = peak; d + 1 < kDays; ++d)
    if (ndvi[d + 1] - ndvi[d] < steepest) {
      steepest = ndvi[d + 1] - ndvi[d];
      p.harvest = d + 1;
    }
  // Seasons: maxima that rise at least 0.15 above the lows on both sides.
  const double prominence = 0.15;
  double low = ndvi[0], high = -1;
  bool rising = true;
  for (int d = 1; d < kDays; ++d) {
    const double v = ndvi[d];
    if (rising) {
      high = std::max(high, v);
      if (high - low >= prominence && high - v >= prominence) {
        ++p.seasons;
        rising = false;
        low = v;
      }
    } else {
      low = std::min(low, v);
      if (v - low >= prominence) {
        rising = true;
        high = v;
      }
    }
  }
  if (rising && high - low >= prominence) ++p.seasons;
}

double ParcelTimeSeries::ownSignalShare() const {
  double weight = 0, own = 0;
  for (const Observation& o : observations) {
    if (!accepted(o)) continue;
    const double w = std::min(1.0, o.clearFraction);
    weight += w;
    own += w * o.purity;
  }
  return weight > 0 ? own / weight : NAN;
}

std::vector<std::string> ParcelTimeSeries::featureNames() {
  std::vector<std::string> names;
  for (const char* n : {"greenup", "peak_day", "senescence", "harvest", "peak_ndvi", "min_ndvi",
                        "amplitude", "integral", "flood_signal", "flood_day", "season_count",
                        "lswi_at_peak", "ndre_at_peak", "evi_at_peak", "clear_share"})
    names.emplace_back(n);
  return names;
}

std::vector<float> ParcelTimeSeries::features() const {
  std::vector<float> f;
  auto at = [](const std::vector<double>& curve, int day) {
    return static_cast<float>(curve[std::clamp(day, 1, kDays) - 1]);
  };
  const Phenology& p = phenology;
  const int peak = std::isfinite(p.peak) ? static_cast<int>(p.peak) : 1;
  for (double v : {p.greenup, p.peak, p.senescence, p.harvest, p.peakNdvi, p.minNdvi, p.amplitude,
                   p.integral, p.floodSignal, p.floodDay, static_cast<double>(p.seasons)})
    f.push_back(static_cast<float>(v));
  f.push_back(at(lswi, peak));
  f.push_back(at(ndre, peak));
  f.push_back(at(evi, peak));
  f.push_back(total ? static_cast<float>(clear) / total : 0.0f);
  return f;
}

}  // namespace aviary::satellite
