#include "SeasonJudge.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "CalendarDate.h"
#include "CropCalendar.h"
#include "ParcelResult.h"
#include "RegionCalendar.h"
#include "RegionPeerCurves.h"
#include "UpperMedian.h"
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
  double water = NAN;  // the parcel's share under open water
};

constexpr int kSuddenDays = 16;    // a fall seen within two revisits happened there and then
constexpr int kMaxShiftDays = 20;  // the fitted alignment's search, either way
// ... around the region's calendar, when the batch gave one: fields of one region plant
// within about two weeks of each other, and a wider search lets a fall pass for timing.
constexpr int kRegionShiftDays = 10;
constexpr int kMaxCalendarShift = 40;  // a region's calendar against crops.md's, either way
constexpr double kWetShare = 0.3;      // open water that lowers NDVI as much as a pest

// The normal curve a season is judged against: crops.csv's, each season moved by its planting
// shift; or the region's peer curve (RegionPeerCurves), which has the crop's shape and level
// as this region grows it, moved by a parcel's shift beyond the peer curve's own
// (`peerOffsets`, the peer curve's shift against crops.csv, so that shifts and crops.csv's
// dates keep meaning the same). A season's base is its floor: crops.csv's, or the peer
// curve's own over the season.
struct NormalModel {
  const CropSystem& system;
  const std::vector<double>* peer = nullptr;
  std::vector<int> peerOffsets;
  std::vector<double> bases;

  NormalModel(const CropSystem& s, const std::vector<double>* peerCurve, std::vector<int> offsets)
      : system(s), peer(peerCurve), peerOffsets(std::move(offsets)) {
    for (std::size_t k = 0; k < system.seasons.size(); ++k) {
      const CropSeason& c = system.seasons[k];
      double base = c.floor();
      if (peer) {
        const double end = c.harvest ? *c.harvest : c.senescence + 60;
        double floor = INFINITY;
        for (int d = std::max(1, static_cast<int>(c.greenup) - 40 + peerOffsets[k]);
             d <= std::min(kDays, static_cast<int>(end) + peerOffsets[k]); ++d)
          floor = std::min(floor, (*peer)[d - 1]);
        if (std::isfinite(floor)) base = floor;
      }
      bases.push_back(base);
    }
  }
  double base(std::size_t season) const { return bases[season]; }
  // Season `season`'s normal on `day`, planted `shift` days later than crops.csv.
  double at(std::size_t season, double day, double shift) const {
    if (!peer) return CropCalendar::seasonNdvi(system.seasons[season], day, shift);
    const long d = std::clamp<long>(std::lround(day - shift + peerOffsets[season]), 1, kDays);
    return (*peer)[d - 1];
  }
  // The system's normal on a day with each season moved by its own shift (the second season
  // takes over after the first's moved harvest).
  double seasonal(int day, const std::vector<int>& shifts) const {
    const int k = CropCalendar::seasonAt(system, day, shifts[0]);
    return at(k, day, shifts[k]);
  }
};

// The first sudden fall of a season: a drop of more than kPestDrop from one clear
// observation to a later one at most kPestGapDays on, from `from` to `lastFall` (mid-season),
// that does not recover until `to` (just before harvest). The field is compared with its own level
// of the normal curve: a stressed or droughty field follows the normal scaled down, which falls
// only slowly, while a pest knocks it off that curve for the rest of the season.
std::optional<HazardEvent> findPest(const std::vector<Point>& points,
                                    const std::vector<double>& normal, double base, double from,
                                    double lastFall, double to, int asOfDay, bool canopyFloor,
                                    double minDrop = SeasonJudge::kPestDrop,
                                    bool unconfirmed = false) {
  // Cloudy spells leave month-long gaps; the normal curve accounts for the season's own
  // change over the gap.
  constexpr int kPestGapDays = 70;
  const double visible = SeasonJudge::kPestDrop;  // the normal this far above base shows a fall
  auto normalAt = [&](const Point& x) { return normal[x.day - 1] - base; };
  auto water = [](const Point& x) {  // a flood, not a pest
    return x.mndwi > -0.1 || x.water >= kWetShare;
  };
  // Canopy and soil have about the same MNDWI, so a pest barely moves it, while thin cloud
  // or haze the masks missed raises it (and lowers NDVI just like a pest would). The
  // reference is the parcel's own MNDWI on its clearest days.
  std::vector<double> clearMndwi;
  for (const Point& x : points)
    if (x.weight >= 0.9 && x.mndwi < 0) clearMndwi.push_back(x.mndwi);
  const double reference =
      clearMndwi.empty() ? -0.3 : std::min(-0.3, upperMedian(std::move(clearMndwi)) + 0.09);
  auto hazy = [reference](const Point& x) { return x.mndwi > reference; };
  for (std::size_t a = 0; a + 1 < points.size(); ++a) {
    const Point& p = points[a];
    if (p.day < from || hazy(p)) continue;
    // The field's own scale of the normal, from the season's observations up to p.
    double num = 0, den = 0;
    for (std::size_t b = 0; b <= a; ++b) {
      const double n = normalAt(points[b]);
      if (points[b].day < from - 30 || n < 0.1 || water(points[b])) continue;
      num += points[b].weight * n * (points[b].ndvi - base);
      den += points[b].weight * n * n;
    }
    const double scale = den > 0 ? std::clamp(num / den, 0.4, 1.3) : 1.0;
    auto residual = [&](const Point& x) { return x.ndvi - base - scale * normalAt(x); };
    // A point above the curve is more likely misalignment (an early green-up) than canopy
    // the pest could take away.
    const double before = std::min(residual(p), 0.02);
    // The fall may take more than one revisit (a partly cloudy one can catch it half-way).
    std::size_t c = a + 1;
    bool flooded = false;
    for (; c < points.size() && points[c].day - p.day <= kPestGapDays; ++c) {
      flooded = flooded || water(points[c]);
      if (!hazy(points[c]) && before - residual(points[c]) >= minDrop) break;
    }
    if (flooded || c >= points.size() || points[c].day - p.day > kPestGapDays) continue;
    const Point& q = points[c];
    if (q.day > asOfDay) continue;
    const double drop = before - residual(q);
    // An orchard's floor is canopy, not a harvested field: no senescence, early or misaligned,
    // takes it far below that floor, so a fall that ends there is a pest whenever it comes.
    const bool belowCanopyFloor = canopyFloor && q.ndvi < base - minDrop / 2;
    // Around senescence a few days of misalignment look like a fall: past it, only a fall
    // that started before it and is deeper than such a misalignment would make it.
    constexpr int kLateFallDays = 10, kMisalignedDays = 6;
    if (q.day > lastFall && !belowCanopyFloor) {
      const double misalignment =
          normal[q.day - 1] - normal[std::min(kDays, q.day + kMisalignedDays) - 1];
      if (q.day > lastFall + kLateFallDays || p.day > lastFall ||
          drop - std::abs(misalignment) * scale < minDrop)
        continue;
    }
    // Later observations where the normal stands high enough to show the fall must mostly
    // stay down; a lone low one may be residual cloud, so it needs a deeper fall.
    int low = 0, high = 0;
    for (std::size_t b = c + 1; b < points.size() && points[b].day <= to; ++b) {
      // Where the normal is near its floor a fall cannot show, unless the field is far
      // below that floor (a defoliated orchard, whose floor is canopy too).
      const bool belowFloor = residual(points[b]) < -minDrop;
      if ((normalAt(points[b]) < visible && !belowFloor) || hazy(points[b]) || water(points[b]))
        continue;
      (residual(points[b]) >= before - minDrop / 2 ? high : low) += 1;
    }
    // After a long cloudy spell the fall is not seen happening: a second low one must confirm.
    const bool longGap = q.day - p.day > 25;
    if (high > low / 3 || (low == 0 && !unconfirmed && (longGap || drop < minDrop + 0.05)))
      continue;
    // Dated from the last observation still above the fall to the first one below it.
    const Point* start = &p;
    for (std::size_t b = a + 1; b < c; ++b)
      if (!hazy(points[b]) && residual(points[b]) - residual(q) >= minDrop) start = &points[b];
    // Seen happening, a pest is sudden: the NDVI itself falls kPestDrop in about ten days. A
    // season that only ends earlier than crops.md's (a shorter variety, another region's
    // calendar) falls against the normal too, but at the pace of a senescence.
    // Every step from `start` to q seen within kSuddenDays and none sudden: a gradual fall.
    // Below an orchard's canopy floor within two revisits is sudden whatever the pace; over a
    // longer spell it may be a deciduous orchard's leaf fall judged on an evergreen's curve.
    bool gradual = !unconfirmed && !(belowCanopyFloor && q.day - start->day <= kSuddenDays);
    const Point* previous = &p;
    for (std::size_t b = a + 1; b <= c && gradual; ++b) {
      if (hazy(points[b])) continue;
      const int gap = points[b].day - previous->day;
      if (previous->day >= start->day &&
          (gap > kSuddenDays ||
           previous->ndvi - points[b].ndvi >= minDrop * std::max(1.0, gap / 10.0)))
        gradual = false;
      previous = &points[b];
    }
    if (gradual) continue;
    return HazardEvent{"pest", start->day, q.day, start->date, q.date, std::min(1.0, drop / 0.4)};
  }
  return std::nullopt;
}

// A pest the clouds hid while it struck: the season's observations fit the field's own
// scale of the normal up to some day, and a lasting drop below it after, much better than
// one scale fits them all (which is what a drought or a stressed field does). Each model
// gets its own planting shift: a fall early in the season drags a shared alignment early.
struct HiddenPest {
  // Beats one scale by the margin that tells a pest from nothing (kClearFit of the fall per
  // later observation), or only by the one that tells it from a drought (kLikelyFit).
  std::optional<HazardEvent> clear, likely;
};
HiddenPest findHiddenPest(const std::vector<Point>& points, const NormalModel& model,
                          int seasonIndex, double from, double lastFall, double to, int asOfDay,
                          int centre, int searchDays) {
  // A fall of kPestDrop or more, seen on three in four later observations.
  constexpr double kStayedDown = 0.08, kClearFit = 0.3, kLikelyFit = 0.05;
  const int kShifts = 2 * searchDays + 1;
  const double base = model.base(seasonIndex);
  std::vector<const Point*> season;
  for (const Point& x : points)
    if (x.day >= from - 30 && x.day <= std::min<double>(to, asOfDay) && x.mndwi < -0.1 &&
        !(x.water >= kWetShare))
      season.push_back(&x);
  // above[shift][k]: the normal above its base at point k, planted shift - searchDays late.
  std::vector<std::vector<double>> above(kShifts, std::vector<double>(season.size()));
  for (int shift = 0; shift < kShifts; ++shift)
    for (std::size_t k = 0; k < season.size(); ++k)
      above[shift][k] = model.at(seasonIndex, season[k]->day, centre + shift - searchDays) - base;
  // The shift and scale that fit the `used` points best; returns the error.
  auto fit = [&](const std::vector<std::size_t>& used, int& bestShift, double& bestScale) {
    double best = INFINITY;
    for (int shift = 0; shift < kShifts; ++shift) {
      double num = 0, den = 0;
      for (std::size_t k : used) {
        num += season[k]->weight * above[shift][k] * (season[k]->ndvi - base);
        den += season[k]->weight * above[shift][k] * above[shift][k];
      }
      const double scale = den > 0 ? std::clamp(num / den, 0.3, 1.3) : 1.0;
      double error = 0;
      for (std::size_t k : used)
        error += season[k]->weight * std::abs(season[k]->ndvi - base - scale * above[shift][k]);
      if (error < best - 1e-12 || (error <= best + 1e-12 && std::abs(shift - searchDays) <
                                                                std::abs(bestShift - searchDays))) {
        best = error;
        bestShift = shift;
        bestScale = scale;
      }
    }
    return best;
  };
  HiddenPest found;
  double clearGain = 0, likelyGain = 0;
  for (std::size_t k = 3; k + 2 <= season.size(); ++k) {
    const Point& p = *season[k - 1];
    const Point& q = *season[k];
    if (q.day < from + 10 || p.day > lastFall) continue;
    std::vector<std::size_t> before(k);
    for (std::size_t b = 0; b < k; ++b) before[b] = b;
    int shift = searchDays;
    double scale = 1;
    const double beforeError = fit(before, shift, scale);
    // After the fall, where the normal stands high enough above its base to show it.
    std::vector<std::size_t> shown;
    std::vector<double> after;
    for (std::size_t b = k; b < season.size(); ++b)
      if (scale * above[shift][b] >= SeasonJudge::kPestDrop + 0.05) {
        shown.push_back(b);
        after.push_back(season[b]->ndvi - base - scale * above[shift][b]);
      }
    if (after.size() < 2) continue;
    const double drop = -upperMedian(after);
    const auto stayedDown =
        std::count_if(after.begin(), after.end(), [](double r) { return r <= -kStayedDown; });
    if (drop < SeasonJudge::kPestDrop || stayedDown * 4 < static_cast<long>(after.size()) * 3)
      continue;
    double error = beforeError;
    for (std::size_t m = 0; m < after.size(); ++m)
      error += season[shown[m]]->weight * std::abs(after[m] + drop);
    // The one-scale model, aligned on the same points.
    std::vector<std::size_t> judged = before;
    judged.insert(judged.end(), shown.begin(), shown.end());
    int oneShift = searchDays;
    double oneScale = 1;
    const double oneError = fit(judged, oneShift, oneScale);
    const double gain = (oneError - error) / static_cast<double>(after.size());
    const HazardEvent event{"pest", p.day, q.day, p.date, q.date, std::min(1.0, drop / 0.4)};
    if (gain > kClearFit * drop && gain > clearGain) {
      clearGain = gain;
      found.clear = event;
    }
    if (gain > kLikelyFit * drop && gain > likelyGain) {
      likelyGain = gain;
      found.likely = event;
    }
  }
  return found;
}

// The planting shift of each season read off the parcel's own smoothed curve: the day it
// rises through half of a rise at least half the normal's, nearest the normal's green-up and
// within kMaxCalendarShift of it, minus that green-up. Regions plant up to a month earlier or
// later than crops.md's calendar, beyond what the fitted alignment searches, and the second
// crop of a double-cropping system moves on its own; the half-way day does not depend on
// the curve's shape. A season not found takes the other season's shift, or 0.
std::vector<int> greenUpShifts(const std::vector<double>& ndvi, const CropSystem& system) {
  constexpr int kBefore = 60, kAfter = 80;  // days searched for the rise's floor and top
  const std::size_t n = system.seasons.size();
  std::vector<std::optional<int>> found(n);
  if (ndvi.size() == static_cast<std::size_t>(kDays) && std::isfinite(ndvi[0]))
    for (std::size_t k = 0; k < n; ++k) {
      const CropSeason& s = system.seasons[k];
      const double rise = s.peak - s.pre;
      if (rise < 0.1) continue;  // an evergreen's small rise is too weak to place
      const int g = static_cast<int>(std::lround(s.greenup));
      int best = -1;
      for (int d = std::max(2, g - kMaxCalendarShift); d <= std::min(kDays, g + kMaxCalendarShift);
           ++d) {
        const double floor =
            *std::min_element(ndvi.begin() + std::max(0, d - 1 - kBefore), ndvi.begin() + d);
        const double top =
            *std::max_element(ndvi.begin() + d - 1, ndvi.begin() + std::min(kDays, d + kAfter));
        const double half = (floor + top) / 2;
        if (top - floor >= 0.5 * rise && ndvi[d - 2] < half && ndvi[d - 1] >= half &&
            (best < 0 || std::abs(d - g) < std::abs(best - g)))
          best = d;
      }
      if (best > 0) found[k] = best - g;
    }
  std::vector<int> shifts(n, 0);
  for (std::size_t k = 0; k < n; ++k)
    shifts[k] = found[k] ? *found[k] : n > 1 ? found[1 - k].value_or(0) : 0;
  return shifts;
}

// The planting shift that best aligns one season's normal curve with the points, with the
// field's own amplitude (stress and drought scale it down), within `searchDays` of `centre`.
// With `risingOnly`, only the green-up counts: a pest or a flood later in the season would
// otherwise pass for early senescence. Absolute errors, so that one hazard-hit or hazy
// observation does not steer it. Of two seasons, the first ends at `firstHarvest`.
int alignedShift(const std::vector<Point>& points, const NormalModel& model, std::size_t season,
                 bool risingOnly, int centre, int searchDays, double firstHarvest) {
  const CropSystem& system = model.system;
  const CropSeason& s = system.seasons[season];
  const double base = model.base(season);
  const double last =
      risingOnly ? (s.greenup + s.senescence) / 2 : (s.harvest ? *s.harvest : s.senescence + 40);
  // The same points for every candidate shift, or shifts that drop points would win.
  std::vector<const Point*> used;
  for (const Point& p : points) {
    if (p.mndwi > 0) continue;  // open water (rice transplanting, floods) is not canopy
    if (p.day < s.greenup + centre - 60 || p.day > last + centre) continue;
    if (system.seasons.size() > 1 && (season == 0) != (p.day <= firstHarvest)) continue;
    used.push_back(&p);
  }
  if (used.empty()) return centre;
  double bestError = INFINITY;
  int best = centre;
  std::vector<double> normal(used.size());
  for (int shift = centre - searchDays; shift <= centre + searchDays; ++shift) {
    double num = 0, den = 0;
    for (std::size_t k = 0; k < used.size(); ++k) {
      normal[k] = model.at(season, used[k]->day, shift) - base;
      num += used[k]->weight * normal[k] * (used[k]->ndvi - base);
      den += used[k]->weight * normal[k] * normal[k];
    }
    const double scale = den > 0 ? std::clamp(num / den, 0.4, 1.3) : 1.0;
    double error = 0;
    for (std::size_t k = 0; k < used.size(); ++k)
      error += used[k]->weight * std::abs(used[k]->ndvi - base - scale * normal[k]);
    if (error < bestError - 1e-12 ||
        (error <= bestError + 1e-12 && std::abs(shift - centre) < std::abs(best - centre))) {
      bestError = error;
      best = shift;
    }
  }
  return best;
}

// Each season's aligned shift.
std::vector<int> seasonShifts(const std::vector<Point>& points, const NormalModel& model,
                              bool risingOnly, const std::vector<int>& centres, int searchDays) {
  const CropSystem& system = model.system;
  std::vector<int> shifts(system.seasons.size());
  const double firstHarvest =
      system.seasons[0].harvest ? *system.seasons[0].harvest + centres[0] : kDays;
  for (std::size_t k = 0; k < shifts.size(); ++k)
    shifts[k] = alignedShift(points, model, k, risingOnly, centres[k], searchDays, firstHarvest);
  return shifts;
}

// A season's normal curve aligned on the parcel: each season's planting shift, searched
// within `searchDays` of its centre (the region's calendar when the batch gave one, else the
// parcel's green-up), fitted on the green-up alone and on the whole season; the normal daily
// with either; and the normal as the parcel's observations would have seen it (sampled on the
// same days and smoothed the same way, so both sides of each ratio share the smoother's bias).
struct AlignedNormal {
  std::vector<int> centres;
  int searchDays;
  std::vector<int> shifts, wholeSeasonShifts;
  std::vector<double> normal, wholeSeasonNormal, expected;
};
AlignedNormal alignedNormal(const ParcelTimeSeries& series, const std::vector<Point>& points,
                            const NormalModel& model, std::optional<double> regionShift) {
  const CropSystem& system = model.system;
  AlignedNormal a;
  // Against the peer curve, the region's own timing is the peer curve's.
  a.centres = model.peer    ? model.peerOffsets
              : regionShift ? std::vector<int>(system.seasons.size(),
                                               static_cast<int>(std::lround(*regionShift)))
                            : greenUpShifts(series.ndvi, system);
  a.searchDays = regionShift || model.peer ? kRegionShiftDays : kMaxShiftDays;
  a.shifts = seasonShifts(points, model, true, a.centres, a.searchDays);
  a.wholeSeasonShifts = seasonShifts(points, model, false, a.centres, a.searchDays);
  a.normal.resize(kDays);
  a.wholeSeasonNormal.resize(kDays);
  for (int d = 1; d <= kDays; ++d) {
    a.wholeSeasonNormal[d - 1] = model.seasonal(d, a.wholeSeasonShifts);
    a.normal[d - 1] = model.seasonal(d, a.shifts);
  }
  std::vector<double> values(kDays, 0.0), weights(kDays, 0.0);
  for (const Point& p : points) {
    values[p.day - 1] = a.normal[p.day - 1];
    weights[p.day - 1] += p.weight;
  }
  a.expected = points.empty() ? a.normal : WhittakerSmoother(60).smooth(values, weights);
  return a;
}

constexpr double kNormalGreenUp = 0.85;  // rising-side amplitude of a season not in drought
constexpr double kMinFloodClear = 0.05;  // of the parcel, in a cloudy observation
constexpr double kFloodWater = 0.5;
constexpr double kFloodWaterOnce = 0.65;  // seen once, the water must cover this much
constexpr int kFloodConfirmDays = 10;
constexpr double kFloodTrace = 0.2;  // open water on this share of the parcel is no dry field
// ... and well away from a rice field's own flooding, which calendars move by weeks.
constexpr int kRiceMarginOnce = 30;
// ... and the parcel's own pixels must make the mean: a small plot's edge is the
// neighbour's paddy.
constexpr double kFloodPurityOnce = 0.8;
// A look that saw at least half the parcel clearly needs it only as much its own as a plot
// not flagged mixed_pixels: the clear sliver of a cloudy look is where a neighbour's water or
// a cloud's shadow passes for a flood.
constexpr double kFloodClearOnce = 0.5;
constexpr int kPlantedBeforeGreenUp = 20;  // days a field is sown before its green-up
// Water over half the parcel takes at least this share of its dry SWIR away.
constexpr double kFloodSwirDrop = 0.4;
// A paddy stands flooded for transplanting before its rice is up: water on a field that
// showed no canopy in the kBareDays before, within the rice window crops.csv gives (not only
// the one aligned on the field's green-up, which a region's own lag from flooding to green-up
// moves), is that, not a flood (crops.md: floods are outside the rice window).
constexpr int kTransplantMargin = 10;
constexpr int kBareDays = 25;
constexpr double kBareNdvi = 0.4;
constexpr double kNaturalPeakSpread = 0.05;
// A rice season's normal rises kPaddyRise or more in the kPaddyRiseDays after a look while its
// canopy grows over the paddy's water.
constexpr double kPaddyRise = 0.1;
constexpr int kPaddyRiseDays = 10;
// Clear looks a drought needs where the aligned normal stands at kPeakShare of its rise.
constexpr int kMinNearPeak = 2;
constexpr double kPeakShare = 0.6;
constexpr double kPlateauShare = 0.85;  // ... and at least one on the plateau itself

struct WaterPoint {
  int day;
  double water;  // the parcel's share under open water
  std::string date;
  double purity;
  double clear;  // the parcel's share the look saw clearly
};

// A parcel's usable observations: all clear ones, the pure enough ones a pest is judged on,
// and its share under open water in every observation clear enough to show water.
struct ObservedPoints {
  std::vector<Point> all, pest;
  std::vector<WaterPoint> water;
};

ObservedPoints observedPoints(const ParcelTimeSeries& series) {
  ObservedPoints observed;
  // A fall seen in a mostly mixed observation is the neighbours' field, not this one's.
  constexpr double kMinPestPurity = 0.6;
  // The parcel's own dry SWIR: open water absorbs it, while haze (which the unmixing can take
  // for water: both are bright in blue and dark in the infrared) leaves it alone.
  std::vector<double> drySwir;
  for (std::size_t i = 0; i < series.observations.size(); ++i)
    if (!series.observations[i].rejected && series.indices[i].mndwi < 0 &&
        std::isfinite(series.observations[i].reflectance[kB11]))
      drySwir.push_back(series.observations[i].reflectance[kB11]);
  const double dry = upperMedian(std::move(drySwir));
  for (std::size_t i = 0; i < series.observations.size(); ++i) {
    const Observation& o = series.observations[i];
    // Open water shows through the clear part of a mostly cloudy scene too, and the
    // unmixing leaves out what cloud the mask missed. Edge pixels mix in the neighbours' dry
    // ground, so the parcel's own share is the mixture's over its purity.
    double water = std::isfinite(o.openWater) ? std::min(1.0, o.openWater / o.purity) : NAN;
    const double swirDrop = 1 - o.reflectance[kB11] / dry;
    if (std::isfinite(water) && std::isfinite(swirDrop) && swirDrop < kFloodSwirDrop * o.purity)
      water = std::min(water, swirDrop / o.purity);
    if (o.clearFraction >= kMinFloodClear && std::isfinite(water))
      observed.water.push_back({o.dayOfYear, water, o.date, o.purity, o.clearFraction});
    if (o.rejected) continue;
    observed.all.push_back({o.dayOfYear, series.indices[i].ndvi, series.indices[i].mndwi,
                            std::min(1.0, o.clearFraction) * o.purity, o.date, water});
    if (o.purity >= kMinPestPurity) observed.pest.push_back(observed.all.back());
  }

  return observed;
}

// Keeps in `j` the longest spell from `first` to `last` (days of year) that no look among
// `points` saw, counting from the window's edges, when it is longer than kUnseenDays.
void noteUnseenSpell(SeasonJudgement& j, const std::vector<Point>& points, double firstDay,
                     double lastDay, int year) {
  const int first = std::clamp(static_cast<int>(std::lround(firstDay)), 1, kDays);
  const int last = std::clamp(static_cast<int>(std::lround(lastDay)), 1, kDays);
  if (last - first <= SeasonJudge::kUnseenDays) return;
  std::pair<int, int> longest{first, first};
  int previous = first;
  for (const Point& p : points) {
    if (p.day <= first) continue;
    const int day = std::min(p.day, last);
    if (day - previous > longest.second - longest.first) longest = {previous, day};
    previous = day;
    if (day == last) break;
  }
  if (last - previous > longest.second - longest.first) longest = {previous, last};
  const auto [from, to] = longest;
  if (to - from <= SeasonJudge::kUnseenDays || to - from <= j.unseenLastDay - j.unseenFirstDay)
    return;
  j.unseenFirstDay = from;
  j.unseenLastDay = to;
  j.unseenStart = CalendarDate::fromYearAndDay(year, from).iso();
  j.unseenEnd = CalendarDate::fromYearAndDay(year, to).iso();
}

// Flood: open water on two or more consecutive observations outside the rice flooding
// window. Open water dominates where it covers kFloodWater of the parcel (MNDWI > 0 needs
// about 0.8 of it: a flooded field's levees and a small plot's edges keep it lower).
void findFloods(const ObservedPoints& observed, const CropSystem& system,
                const std::vector<int>& shifts, const std::vector<double>& normal,
                std::vector<HazardEvent>& hazards) {
  const std::vector<WaterPoint>& fp = observed.water;
  const std::vector<Point>& pureLooks = observed.pest;
  // Whether any season, with its own shift, has `covers(season, shift)`.
  auto anySeason = [&](const auto& covers) {
    for (std::size_t k = 0; k < system.seasons.size(); ++k)
      if (covers(system.seasons[k], shifts[k])) return true;
    return false;
  };
  auto inRiceWindow = [&](int day, int margin = 10, bool aligned = true) {
    return anySeason([&](const CropSeason& s, int shift) {
      if (!aligned) shift = 0;
      return s.floodStart && day >= *s.floodStart + shift - margin &&
             day <= *s.floodEnd + shift + margin;
    });
  };
  auto transplanting = [&](int day) {
    if (!inRiceWindow(day, kTransplantMargin, false)) return false;
    bool looked = false;
    for (const Point& p : pureLooks)
      if (p.day >= day - kBareDays && p.day < day) {
        if (!(p.ndvi < kBareNdvi)) return false;
        looked = true;
      }
    return looked;
  };
  // Rice stands in water from transplanting until its canopy closes, weeks past the window
  // crops.csv gives for flooding the field, and the water shows through the young canopy.
  // Water seen while a rice season's normal still rises steeply, with the canopy at its
  // normal's level, is the paddy's own; a flood drowns the crop, whose NDVI then falls at
  // least as far below the normal as a pest's does.
  auto paddyWater = [&](int from, int to) {
    const int k = CropCalendar::seasonAt(system, from, shifts[0]);
    if (!system.seasons[k].floodStart ||
        normal[std::min(kDays, from + kPaddyRiseDays - 1) - 1] - normal[from - 1] < kPaddyRise)
      return false;
    bool seen = false;
    for (const Point& p : observed.all) {
      if (p.day < from || p.day > to) continue;
      if (p.ndvi < normal[p.day - 1] - SeasonJudge::kPestDrop) return false;
      seen = true;
    }
    return seen;
  };
  // While the crop grows: from a little before its green-up to its harvest (an orchard's
  // senescence), each season moved by its shift.
  auto growing = [&](int day) {
    return system.planted() && anySeason([&](const CropSeason& s, int shift) {
             const double end = s.harvest ? *s.harvest : s.senescence;
             return day >= s.greenup + shift - kPlantedBeforeGreenUp && day <= end + shift;
           });
  };
  for (std::size_t a = 0; a < fp.size();) {
    if (!(fp[a].water >= kFloodWater) || inRiceWindow(fp[a].day)) {
      ++a;
      continue;
    }
    std::size_t b = a;
    double sum = 0;
    while (b < fp.size() && fp[b].water >= kFloodWater && !inRiceWindow(fp[b].day))
      sum += fp[b++].water;
    // Twice in a row (crops.md); or once, when the water is unmistakable and the looks within
    // kFloodConfirmDays did not see the field dry on both sides (a three-week flood between
    // cloudy revisits is often seen once, in its middle or at one end).
    auto looked = [&](std::size_t from, int step) {
      for (std::size_t k = from; k < fp.size(); k += step)
        if (std::abs(fp[k].day - fp[a].day) > kFloodConfirmDays)
          return false;
        else if (fp[k].water < kFloodWater)
          return true;
      return false;
    };
    const double purityOnce =
        fp[a].clear >= kFloodClearOnce ? ParcelResult::kMixedPixelsBelow : kFloodPurityOnce;
    const bool single =
        b - a == 1 && fp[a].purity >= purityOnce && !inRiceWindow(fp[a].day, kRiceMarginOnce);
    // ... or once with the look before or after showing some water still (the flood rising or
    // receding): two looks running with open water on the parcel, one of them dominated,
    // unless a dry look on the other side within kFloodConfirmDays makes it a passing one.
    auto trace = [&](std::size_t k) {
      return k < fp.size() && fp[k].water >= kFloodTrace &&
             std::abs(fp[k].day - fp[a].day) <= kSuddenDays &&
             !inRiceWindow(fp[k].day, kRiceMarginOnce);
    };
    const bool dryBefore = a > 0 && looked(a - 1, -1), dryAfter = looked(b, 1);
    // Seen dry on one side only, the look may be the flood's first or last: it must then have
    // seen the parcel clearly, while its crop grows (a lone wet look out of season, or through
    // broken cloud, is as often rain on bare soil or a shadow).
    const bool oneSided =
        dryBefore != dryAfter && fp[a].clear >= kFloodClearOnce && growing(fp[a].day);
    const bool once =
        single && fp[a].water >= kFloodWaterOnce && ((!dryBefore && !dryAfter) || oneSided);
    const std::size_t first = single && a > 0 && trace(a - 1) && !dryAfter ? a - 1 : a;
    const std::size_t last = single && trace(b) && !dryBefore ? b : b - 1;
    if ((b - a >= 2 || once || first != a || last != b - 1) && !transplanting(fp[first].day) &&
        !paddyWater(fp[first].day, fp[last].day))
      hazards.push_back({"flood", fp[first].day, fp[last].day, fp[first].date, fp[last].date,
                         std::clamp(sum / (b - a), 0.0, 1.0)});
    a = b;
  }
}

}  // namespace

HazardEvent SeasonJudge::drought(const CropSeason& season, double shift, int year,
                                 double severity) {
  auto day = [](double d) { return std::clamp(static_cast<int>(std::lround(d)), 1, kDays); };
  const int first = day(season.greenup + shift), last = day(season.senescence + shift);
  return {"drought",
          first,
          last,
          CalendarDate::fromYearAndDay(year, first).iso(),
          CalendarDate::fromYearAndDay(year, last).iso(),
          std::clamp(severity, 0.0, 1.0)};
}

std::string SeasonJudge::conditionOf(double yieldIndex) {
  if (yieldIndex >= kExceptional) return "exceptional";
  if (yieldIndex >= kFavourable) return "favourable";
  if (yieldIndex >= kWatch) return "watch";
  return "poor";
}

void SeasonJudge::addHazard(SeasonJudgement& j, const HazardEvent& hazard) {
  j.hazards.push_back(hazard);
  std::stable_sort(
      j.hazards.begin(), j.hazards.end(),
      [](const HazardEvent& x, const HazardEvent& y) { return x.startDay < y.startDay; });
  j.condition = "poor";  // more than 5% of a normal yield lost, in crops.md's words
}

std::string SeasonJudge::unseenReason(const SeasonJudgement& j) {
  if (!j.seasonUnseen()) return {};
  return "no clean scene saw its season from " + j.unseenStart + " to " + j.unseenEnd + " (" +
         std::to_string(j.unseenLastDay - j.unseenFirstDay) +
         " days): a flood, drought or pest then may not show; check the field or the farmer's "
         "photos for that spell";
}

SeasonJudgement SeasonJudge::judge(const ParcelTimeSeries& series, const CropSystem& system,
                                   double areaMu, int year, int asOfDay,
                                   std::optional<double> regionShift,
                                   const std::vector<double>* peerNormal) {
  SeasonJudgement j = judgeAgainst(series, system, areaMu, year, asOfDay, regionShift, nullptr);
  // A double-cropping field plants its second crop when its first is harvested: one shift per
  // field cannot align a group's second seasons, and their quantile blurs.
  if (!peerNormal || peerNormal->size() != static_cast<std::size_t>(kDays) ||
      system.seasons.size() > 1)
    return j;
  // crops.csv's judgement stands where it found a hazard. In a season where it found none,
  // the peer curve may still show a pest's fall or a drought's shortfall that crops.csv's
  // shape hid (a region's season peaks earlier than crops.csv's plateau, and ends sooner).
  // Not the other way round: the peer curve's level is the batch's own, which a regional
  // drought lowers, so it cannot clear a season crops.csv's curve found short.
  auto inSeason = [&](const HazardEvent& h, int shift) {
    const Window w = seasonWindows(system, shift)[0];
    return h.startDay >= w.first && h.startDay <= w.last;
  };
  if (std::any_of(j.hazards.begin(), j.hazards.end(),
                  [&](const HazardEvent& h) { return inSeason(h, j.shiftDays); }))
    return j;
  // An evergreen's season rises too little above its floor for an upper quantile of its
  // peers to set its level: the quantile's own lift would pass for a shortfall.
  const CropSeason& season = system.seasons[0];
  const bool risesEnough = season.peak - season.floor() >= RegionCalendar::kPlantedAmplitude;
  const SeasonJudgement peer =
      judgeAgainst(series, system, areaMu, year, asOfDay, regionShift, peerNormal);
  bool added = false;
  for (const HazardEvent& h : peer.hazards) {
    if (!inSeason(h, peer.shiftDays) || h.type == "flood" || (h.type == "drought" && !risesEnough))
      continue;
    j.hazards.push_back(h);
    j.hazards.back().basis = RegionPeerCurves::kBasis;
    added = true;
  }
  if (!added) return j;
  std::sort(j.hazards.begin(), j.hazards.end(),
            [](const HazardEvent& x, const HazardEvent& y) { return x.startDay < y.startDay; });
  if (system.planted()) j.condition = "poor";  // as judgeAgainst grades a season with a hazard
  return j;
}

SeasonJudgement SeasonJudge::judgeAgainst(const ParcelTimeSeries& series, const CropSystem& system,
                                          double areaMu, int year, int asOfDay,
                                          std::optional<double> regionShift,
                                          const std::vector<double>* peerNormal) {
  SeasonJudgement j;
  const ObservedPoints observed = observedPoints(series);
  const std::vector<Point>& points = observed.all;
  const std::vector<Point>& pestPoints = observed.pest;
  // The peer curve's own shift against crops.csv: the region's calendar when the batch gave a
  // sure one, else where the peer curve itself greens up.
  std::vector<int> peerOffsets(system.seasons.size(), 0);
  if (peerNormal)
    peerOffsets = regionShift ? std::vector<int>(system.seasons.size(),
                                                 static_cast<int>(std::lround(*regionShift)))
                              : greenUpShifts(*peerNormal, system);
  const NormalModel model(system, peerNormal, peerOffsets);
  const auto [centres, searchDays, shifts, wholeSeasonShifts, normalCurve, wholeSeasonNormal,
              expected] = alignedNormal(series, points, model, regionShift);
  j.shiftDays = shifts[0];
  j.normalNdvi = normalCurve;

  findFloods(observed, system, shifts, j.normalNdvi, j.hazards);
  const auto windows = seasonWindows(system, shifts[0]);
  double normalValue = 0, weightedIndex = 0;
  for (std::size_t s = 0; s < windows.size() && s < system.seasons.size(); ++s) {
    const CropSeason& season = system.seasons[s];
    const int shift = shifts[s];
    const Window w = windows[s];
    const double base = model.base(s);
    // A drought's shortfall is measured above crops.csv's floor, or the peer curve's where that
    // is lower. A peer curve's floor is the upper quantile of its group's bare ground and
    // noise, above most fields' own, and a ratio taken above it understates their seasons: on
    // the held-out second-generator sets it named weakened fields droughts (right 15 times,
    // false 34, with the true crop).
    const double droughtBase = std::min(base, season.floor());
    const int last = std::min(w.last, asOfDay);
    int seen = 0;
    for (const Point& p : points) seen += p.day >= w.first && p.day <= last;
    // Around the normal's peak: a season whose peak no clear scene saw (a rainy-season gap)
    // cannot be called short of it; the smoother's line across the gap is no observation.
    double normalTop = 0;
    for (int d = w.first; d <= last; ++d)
      normalTop = std::max(normalTop, j.normalNdvi[d - 1] - base);
    int nearPeak = 0, atPeak = 0;
    for (const Point& p : points) {
      if (p.day < w.first || p.day > last || p.mndwi > 0) continue;
      nearPeak += j.normalNdvi[p.day - 1] - base >= kPeakShare * normalTop;
      atPeak += j.normalNdvi[p.day - 1] - base >= kPlateauShare * normalTop;
    }
    double observed = 0, normal = 0, observedPeak = 0, normalPeak = 0;
    for (int d = w.first; d <= last; ++d) {
      observed += std::max(0.0, series.ndvi[d - 1] - droughtBase);
      normal += std::max(0.0, expected[d - 1] - droughtBase);
      observedPeak = std::max(observedPeak, series.ndvi[d - 1] - droughtBase);
      normalPeak = std::max(normalPeak, expected[d - 1] - droughtBase);
    }
    const bool judged = system.planted() && seen >= 2 && normal > 1e-3 && normalPeak > 0.05;
    // Drought: the season's integral and peak above the base, against the normal's.
    const double shortfall = judged ? observed / normal / kClearSkyBias : 1.0;
    const double peakRatio = judged ? observedPeak / normalPeak / kClearSkyBias : 1.0;
    // The yield index: the season's amplitude against the normal's, as the slope of the
    // observations regressed on the normal curve above its base. The intercept takes up what
    // lowers the whole curve alike (residual haze, mixed edge pixels), which would otherwise
    // read as a weak season, the more so for crops that rise little above a high floor.
    // The same slope over the green-up alone tells a season cut later from a parched one.
    auto slope = [&](int lastDay) {
      double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (const Point& p : points) {
        if (p.day < w.first || p.day > lastDay || p.mndwi > 0) continue;  // water is not canopy
        const double x = j.normalNdvi[p.day - 1] - base;
        sw += p.weight;
        sx += p.weight * x;
        sy += p.weight * p.ndvi;
        sxx += p.weight * x * x;
        sxy += p.weight * x * p.ndvi;
      }
      const double spread = sw > 0 ? sxx - sx * sx / sw : 0;
      return spread > 1e-4 * sw
                 ? std::optional<double>((sxy - sx * sy / sw) / spread / kClearSkySlope)
                 : std::nullopt;
    };
    const auto seasonSlope = slope(last);
    const double index = !judged       ? 1.0
                         : seasonSlope ? std::clamp(*seasonSlope, 0.0, 1.5)
                                       : std::clamp(shortfall, 0.0, 1.5);
    const auto greenUpSlope = slope(std::min(
        last, static_cast<int>(std::lround((season.greenup + season.senescence) / 2 + shift))));
    j.seasonYieldIndex.push_back(index);
    const double value = season.yieldKgPerMu * season.priceCnyPerKg;
    normalValue += value;
    weightedIndex += value * index;
    j.expectedYieldKg += areaMu * season.yieldKgPerMu * index;
    j.expectedValueCny += areaMu * season.yieldKgPerMu * index * season.priceCnyPerKg;
    if (!judged) continue;
    // From green-up to senescence, no clean look for kUnseenDays: say so.
    noteUnseenSpell(j, pestPoints, season.greenup + shift,
                    std::min<double>(season.senescence + shift, asOfDay), year);

    // Pest, disease or hail: a sudden fall against the normal in mid-season, not explained by
    // harvest, that does not recover.
    const double greenup = season.greenup + shift;
    const double seasonEnd =
        (season.harvest ? *season.harvest - 3 : season.senescence + 20) + shift;
    const bool canopyFloor = !season.harvest;  // an orchard
    auto fall = findPest(pestPoints, j.normalNdvi, base, greenup, season.senescence + shift + 5,
                         seasonEnd, asOfDay, canopyFloor);
    // A fall not seen happening (clouds hid it for weeks) may be a season that is only
    // earlier than its green-up suggested (hazy early observations misplace it): it must also
    // show, if less deep, against the whole season's fit (which a real fall drags earlier).
    if (fall && fall->endDay - fall->startDay > kSuddenDays && wholeSeasonShifts[s] != shift &&
        !findPest(pestPoints, wholeSeasonNormal, base, greenup,
                  season.senescence + wholeSeasonShifts[s] + 5, seasonEnd, asOfDay, canopyFloor,
                  kPestDrop / 2))
      fall.reset();
    HiddenPest hidden;
    if (!fall) {
      hidden =
          findHiddenPest(pestPoints, model, static_cast<int>(s), greenup,
                         season.senescence + shift + 5, seasonEnd, asOfDay, centres[s], searchDays);
      fall = hidden.clear;
    }
    const bool pest = fall.has_value();
    if (pest) j.hazards.push_back(*fall);
    // Drought: a slow shortfall of both the peak and the integral.
    // A flood in the season also lowers it, and explains the shortfall.
    const bool flooded = std::any_of(j.hazards.begin(), j.hazards.end(), [&](const HazardEvent& h) {
      return h.type == "flood" && h.endDay >= w.first && h.startDay <= w.last;
    });
    // Peaks vary by about 0.05 from field to field (crops.md): for an evergreen that rises
    // only 0.15 above its floor, a shortfall within that is no drought.
    const bool shortfallSeen = !flooded && nearPeak >= kMinNearPeak && atPeak >= 1 &&
                               peakRatio < kDroughtRatio && shortfall < kDroughtRatio &&
                               index < kDroughtIndex &&
                               normalPeak * (1 - peakRatio) >= kNaturalPeakSpread;
    // A season that greened up normally and fell short later was cut, not parched: a fall
    // that clouds hid while it happened, with no clear observation after it to confirm it.
    if (shortfallSeen && !pest && greenUpSlope && *greenUpSlope >= kNormalGreenUp) {
      fall = findPest(pestPoints, j.normalNdvi, base, greenup, season.senescence + shift + 5,
                      seasonEnd, asOfDay, canopyFloor, kPestDrop, true);
      if (fall) {
        j.hazards.push_back(*fall);
        continue;
      }
    }
    // A season short of its normal was hit by drought or by a pest: there a fall only has
    // to fit better than one scale, not by the margin that tells a pest from nothing.
    if (!pest && shortfallSeen && hidden.likely) {
      j.hazards.push_back(*hidden.likely);
      continue;
    }
    if (!pest && shortfallSeen) j.hazards.push_back(drought(season, shift, year, 1 - shortfall));
  }
  j.yieldIndex = normalValue > 0 ? weightedIndex / normalValue : 1.0;

  // A flood, drought or pest costs more than 5% of a normal yield: poor, in crops.md's words.
  if (system.planted()) j.condition = j.hazards.empty() ? conditionOf(j.yieldIndex) : "poor";
  std::sort(j.hazards.begin(), j.hazards.end(),
            [](const HazardEvent& x, const HazardEvent& y) { return x.startDay < y.startDay; });
  return j;
}

}  // namespace aviary::satellite
