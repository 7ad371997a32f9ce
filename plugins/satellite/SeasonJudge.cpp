#include "SeasonJudge.h"

#include <algorithm>
#include <cmath>

#include "CalendarDate.h"
#include "CropCalendar.h"
#include "WhittakerSmoother.h"

namespace aviary::satellite {
namespace {

constexpr int kDays = ParcelTimeSeries::kDays;

struct Window {
  int first, last;  // days of year, inclusive
};

std::vector<Window> seasonWindows(const CropSystem& system, double shift) {
  std::vector<Window> windows;
  auto day = [](double d) { return std::clamp(static_cast<int>(std::lround(d)), 1, kDays); };
  if (system.seasons.size() >= 2 && system.seasons[0].harvest) {
    const int cut = day(*system.seasons[0].harvest + shift);
    windows.push_back({1, cut});
    windows.push_back({cut + 1, kDays});
    return windows;
  }
  const CropSeason& s = system.seasons[0];
  const double end = s.harvest ? *s.harvest + 5 : s.senescence + 60;
  windows.push_back({day(s.greenup + shift - 40), day(end + shift)});
  return windows;
}

struct Point {
  int day;
  double ndvi, mndwi, weight;
  std::string date;
};

}  // namespace

std::string SeasonJudge::conditionOf(double yieldIndex) {
  if (yieldIndex >= kExceptional) return "exceptional";
  if (yieldIndex >= kFavourable) return "favourable";
  if (yieldIndex >= kWatch) return "watch";
  return "poor";
}

SeasonJudgement SeasonJudge::judge(const ParcelTimeSeries& series, const CropSystem& system,
                                   double areaMu, int year, int asOfDay) {
  SeasonJudgement j;
  std::vector<Point> points;
  for (std::size_t i = 0; i < series.observations.size(); ++i) {
    const Observation& o = series.observations[i];
    if (o.rejected) continue;
    points.push_back({o.dayOfYear, series.indices[i].ndvi, series.indices[i].mndwi,
                      std::min(1.0, o.clearFraction), o.date});
  }

  // Align the normal curve: the planting shift with the least weighted squared error.
  double bestError = INFINITY;
  for (int shift = -20; shift <= 20; ++shift) {
    double error = 0;
    for (const Point& p : points) {
      const double d = p.ndvi - CropCalendar::normalNdvi(system, p.day, shift);
      error += p.weight * d * d;
    }
    if (error < bestError - 1e-12 ||
        (error <= bestError + 1e-12 && std::abs(shift) < std::abs(j.shiftDays))) {
      bestError = error;
      j.shiftDays = shift;
    }
  }
  j.normalNdvi.resize(kDays);
  for (int d = 1; d <= kDays; ++d)
    j.normalNdvi[d - 1] = CropCalendar::normalNdvi(system, d, j.shiftDays);

  // The normal as this parcel's observations would have seen it: sampled on the same days
  // and smoothed the same way, so both sides of each ratio share the smoother's bias.
  std::vector<double> values(kDays, 0.0), weights(kDays, 0.0);
  for (const Point& p : points) {
    values[p.day - 1] = j.normalNdvi[p.day - 1];
    weights[p.day - 1] += p.weight;
  }
  const std::vector<double> expected =
      points.empty() ? j.normalNdvi : WhittakerSmoother(60).smooth(values, weights);

  const auto windows = seasonWindows(system, j.shiftDays);
  double normalValue = 0, weightedIndex = 0;
  for (std::size_t s = 0; s < windows.size() && s < system.seasons.size(); ++s) {
    const CropSeason& season = system.seasons[s];
    const Window w = windows[s];
    const double base = std::min(season.pre, season.post);
    const int last = std::min(w.last, asOfDay);
    double observed = 0, normal = 0, observedPeak = 0, normalPeak = 0;
    int seen = 0;
    for (const Point& p : points) seen += p.day >= w.first && p.day <= last;
    for (int d = w.first; d <= last; ++d) {
      observed += std::max(0.0, series.ndvi[d - 1] - base);
      normal += std::max(0.0, expected[d - 1] - base);
      observedPeak = std::max(observedPeak, series.ndvi[d - 1] - base);
      normalPeak = std::max(normalPeak, expected[d - 1] - base);
    }
    const bool judged = system.planted() && seen >= 2 && normal > 1e-3 && normalPeak > 0.05;
    const double index = judged ? std::clamp(observed / normal / kClearSkyBias, 0.0, 1.5) : 1.0;
    const double peakRatio = judged ? observedPeak / normalPeak / kClearSkyBias : 1.0;
    j.seasonYieldIndex.push_back(index);
    const double value = season.yieldKgPerMu * season.priceCnyPerKg;
    normalValue += value;
    weightedIndex += value * index;
    j.expectedYieldKg += areaMu * season.yieldKgPerMu * index;
    j.expectedValueCny += areaMu * season.yieldKgPerMu * index * season.priceCnyPerKg;
    if (!judged) continue;

    // Pest, disease or hail: a sudden fall beyond the normal's that does not recover.
    const double greenup = season.greenup + j.shiftDays;
    // Mid-season only: around senescence a few days of misalignment look like a sudden fall.
    const double lastDay =
        std::min(season.harvest ? *season.harvest - 7 : 400.0, season.senescence - 5) + j.shiftDays;
    bool pest = false;
    for (std::size_t a = 0; a + 1 < points.size() && !pest; ++a) {
      const Point& p = points[a];
      const Point& q = points[a + 1];
      if (p.day < greenup + 10 || q.day > lastDay || q.day > asOfDay) continue;
      if (q.day - p.day > 20) continue;
      if (q.mndwi > -0.1) continue;  // standing water: a flood, not a pest
      const double anomalyP = p.ndvi - j.normalNdvi[p.day - 1];
      const double anomalyQ = q.ndvi - j.normalNdvi[q.day - 1];
      if (anomalyQ - anomalyP >= -kPestDrop) continue;
      // Recovery means the canopy is back near its level before the fall; later senescence
      // keeps it low anyway, so anomalies against the declining normal would mislead.
      // A second low observation confirms the fall (a lone one may be residual cloud).
      bool recovers = false, confirmed = false;
      for (std::size_t b = a + 2; b < points.size() && points[b].day <= lastDay + 10; ++b) {
        if (points[b].ndvi >= p.ndvi - 0.08)
          recovers = true;
        else
          confirmed = true;
      }
      if (recovers || !confirmed || p.ndvi - q.ndvi < kPestDrop) continue;
      pest = true;
      j.hazards.push_back(
          {"pest", p.day, q.day, p.date, q.date, std::min(1.0, (anomalyP - anomalyQ) / 0.4)});
    }
    // Drought: a slow shortfall of both the peak and the integral.
    if (!pest && peakRatio < kDroughtRatio && index < kDroughtRatio) {
      const int first = std::clamp(static_cast<int>(std::lround(greenup)), 1, kDays);
      const int end =
          std::clamp(static_cast<int>(std::lround(season.senescence + j.shiftDays)), 1, kDays);
      j.hazards.push_back({"drought", first, end, calendarDate(year, first),
                           calendarDate(year, end), std::clamp(1 - index, 0.0, 1.0)});
    }
  }
  j.yieldIndex = normalValue > 0 ? weightedIndex / normalValue : 1.0;
  if (system.planted()) j.condition = conditionOf(j.yieldIndex);

  // Flood: open water on two or more consecutive clear observations outside the rice
  // flooding window.
  auto inRiceWindow = [&](int day) {
    for (const CropSeason& s : system.seasons)
      if (s.floodStart && day >= *s.floodStart + j.shiftDays - 10 &&
          day <= *s.floodEnd + j.shiftDays + 10)
        return true;
    return false;
  };
  for (std::size_t a = 0; a < points.size();) {
    if (!(points[a].mndwi > 0) || inRiceWindow(points[a].day)) {
      ++a;
      continue;
    }
    std::size_t b = a;
    double sum = 0;
    while (b < points.size() && points[b].mndwi > 0 && !inRiceWindow(points[b].day))
      sum += points[b++].mndwi;
    if (b - a >= 2)
      j.hazards.push_back({"flood", points[a].day, points[b - 1].day, points[a].date,
                           points[b - 1].date, std::clamp(0.3 + sum / (b - a), 0.0, 1.0)});
    a = b;
  }
  std::sort(j.hazards.begin(), j.hazards.end(),
            [](const HazardEvent& x, const HazardEvent& y) { return x.startDay < y.startDay; });
  return j;
}

}  // namespace aviary::satellite
