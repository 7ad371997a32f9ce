#include "RegionPeerCurves.h"

#include <algorithm>
#include <cmath>

namespace aviary::satellite {
namespace {

constexpr int kDays = ParcelTimeSeries::kDays;

// The kQuantile of each day's values over the curves, each read `shifts[i]` days later.
std::vector<double> dailyQuantile(const std::vector<const std::vector<double>*>& curves,
                                  const std::vector<int>& shifts) {
  std::vector<double> out(kDays), day(curves.size());
  for (int d = 0; d < kDays; ++d) {
    for (std::size_t i = 0; i < curves.size(); ++i)
      day[i] = (*curves[i])[std::clamp(d + shifts[i], 0, kDays - 1)];
    const auto at = day.begin() +
                    static_cast<long>(std::lround(RegionPeerCurves::kQuantile * (day.size() - 1)));
    std::nth_element(day.begin(), at, day.end());
    out[d] = *at;
  }
  return out;
}

// How many days later than `reference` the curve runs: the shift with the least absolute
// difference once the curve's own amplitude above the reference's floor is fitted.
int shiftAgainst(const std::vector<double>& curve, const std::vector<double>& reference) {
  const double floor = *std::min_element(reference.begin(), reference.end());
  int best = 0;
  double bestError = INFINITY;
  for (int shift = -RegionPeerCurves::kMaxAlignDays; shift <= RegionPeerCurves::kMaxAlignDays;
       ++shift) {
    double num = 0, den = 0;
    for (int d = 0; d < kDays; ++d) {
      const double x = reference[d] - floor;
      num += x * (curve[std::clamp(d + shift, 0, kDays - 1)] - floor);
      den += x * x;
    }
    const double scale = den > 0 ? std::clamp(num / den, 0.3, 1.5) : 1.0;
    double error = 0;
    for (int d = 0; d < kDays; ++d)
      error += std::abs(curve[std::clamp(d + shift, 0, kDays - 1)] - floor -
                        scale * (reference[d] - floor));
    if (error < bestError - 1e-9 ||
        (error <= bestError + 1e-9 && std::abs(shift) < std::abs(best))) {
      bestError = error;
      best = shift;
    }
  }
  return best;
}

}  // namespace

RegionPeerCurves RegionPeerCurves::build(
    const std::vector<std::pair<std::string, const ParcelTimeSeries*>>& parcels) {
  std::map<std::string, std::vector<const std::vector<double>*>> members;
  for (const auto& [system, series] : parcels)
    if (series && series->clear >= kMinClear && series->ndvi.size() == kDays &&
        std::all_of(series->ndvi.begin(), series->ndvi.end(),
                    [](double v) { return std::isfinite(v); }))
      members[system].push_back(&series->ndvi);
  RegionPeerCurves out;
  for (const auto& [system, curves] : members) {
    Group& g = out.groups_[system];
    g.parcels = static_cast<int>(curves.size());
    if (g.parcels < kMinParcels) continue;
    // Each parcel aligned on the group's first curve, then the quantile again: fields of a
    // region plant a week or two apart, and a quantile across unaligned curves widens the
    // season. Not re-centred on the parcels' median timing, which a harmed majority would
    // set (their falls pass for an earlier end): the judge aligns each parcel on it anyway.
    std::vector<int> shifts(curves.size(), 0);
    const std::vector<double> first = dailyQuantile(curves, shifts);
    for (std::size_t i = 0; i < curves.size(); ++i) shifts[i] = shiftAgainst(*curves[i], first);
    g.ndvi = dailyQuantile(curves, shifts);
  }
  return out;
}

const std::vector<double>* RegionPeerCurves::curve(const std::string& system) const {
  const auto it = groups_.find(system);
  return it == groups_.end() || it->second.ndvi.empty() ? nullptr : &it->second.ndvi;
}

std::string RegionPeerCurves::describe() const {
  int used = 0, fallback = 0;
  for (const auto& [system, g] : groups_) (g.ndvi.empty() ? fallback : used) += 1;
  return "region peer curves: " + std::to_string(used) +
         " crop systems had enough parcels for a curve of their own (used for single-season "
         "crops), against which a pest or "
         "drought crops.csv's curve missed can be found; " +
         std::to_string(fallback) + " had fewer than " + std::to_string(kMinParcels) +
         " parcels with a clear series and are judged against crops.csv's alone";
}

}  // namespace aviary::satellite
