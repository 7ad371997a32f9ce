#include "SeasonJudge.h"

#include <algorithm>
#include <cmath>
#include <optional>

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

// The first sudden fall of a season: a drop of more than kPestDrop between two clear
// observations at most kPestGapDays apart, between `from` and `to` (mid-season, before
// harvest), that does not recover. The field is compared with its own level of the normal
// curve: a stressed or droughty field follows the normal scaled down, which falls only
// slowly, while a pest knocks it off that curve for the rest of the season.
std::optional<HazardEvent> findPest(const std::vector<Point>& points,
                                    const std::vector<double>& normal, double base, double from,
                                    double to, int asOfDay) {
  constexpr int kPestGapDays = 20;
  constexpr double kVisible = SeasonJudge::kPestDrop;  // normal this far above base shows a fall
  auto normalAt = [&](const Point& x) { return normal[x.day - 1] - base; };
  for (std::size_t a = 0; a + 1 < points.size(); ++a) {
    const Point& p = points[a];
    const Point& q = points[a + 1];
    if (p.day < from || q.day > to || q.day > asOfDay) continue;
    if (q.day - p.day > kPestGapDays) continue;
    if (q.mndwi > -0.1) continue;  // standing water: a flood, not a pest
    // The field's own scale of the normal, from the season's observations up to p.
    double num = 0, den = 0;
    for (std::size_t b = 0; b <= a; ++b) {
      const double n = normalAt(points[b]);
      if (points[b].day < from - 30 || n < 0.1) continue;
      num += points[b].weight * n * (points[b].ndvi - base);
      den += points[b].weight * n * n;
    }
    const double scale = den > 0 ? std::clamp(num / den, 0.4, 1.3) : 1.0;
    auto residual = [&](const Point& x) { return x.ndvi - base - scale * normalAt(x); };
    const double before = residual(p), drop = before - residual(q);
    if (drop < SeasonJudge::kPestDrop) continue;
    // Later observations where the normal stands high enough to show the fall must mostly
    // stay down; a lone low one may be residual cloud, so it needs a deeper fall.
    int low = 0, high = 0;
    for (std::size_t b = a + 2; b < points.size() && points[b].day <= to; ++b) {
      if (normalAt(points[b]) < kVisible) continue;
      (residual(points[b]) >= before - SeasonJudge::kPestDrop / 2 ? high : low) += 1;
    }
    if (high > low / 3 || (low == 0 && drop < 0.2)) continue;
    return HazardEvent{"pest", p.day, q.day, p.date, q.date, std::min(1.0, drop / 0.4)};
  }
  return std::nullopt;
}

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

    // Pest, disease or hail: a sudden fall against the normal in mid-season, not explained by
    // harvest, that does not recover.
    const double greenup = season.greenup + j.shiftDays;
    const double seasonEnd =
        (season.harvest ? *season.harvest - 3 : season.senescence + 20) + j.shiftDays;
    const auto fall = findPest(points, j.normalNdvi, base, greenup, seasonEnd, asOfDay);
    const bool pest = fall.has_value();
    if (pest) j.hazards.push_back(*fall);
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
