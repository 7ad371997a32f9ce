#include "RegionalDrought.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <iterator>
#include <map>
#include <numbers>

#include "SeasonJudge.h"
#include "UpperMedian.h"

namespace aviary::satellite {

namespace {

struct Member {
  std::size_t index;    // into results
  double shortfall;     // season index against the crop's batch median (negative: below)
  double x = 0, y = 0;  // metres, east and north of the batch's centre
};

double weakestSeason(const ParcelResult& r) {
  return *std::min_element(r.judgement.seasonYieldIndex.begin(),
                           r.judgement.seasonYieldIndex.end());
}

// The planted parcels with a judged season and a crop common enough in the batch for a median.
std::vector<Member> members(const std::vector<ParcelResult>& results,
                            const CropCalendar& calendar) {
  std::map<std::string, std::vector<double>> byCrop;
  auto eligible = [&](const ParcelResult& r) {
    const CropSystem* system = r.error.empty() ? calendar.find(r.system) : nullptr;
    return system && system->planted() && !r.judgement.seasonYieldIndex.empty() &&
           std::isfinite(r.longitude) && std::isfinite(r.latitude);
  };
  for (const ParcelResult& r : results)
    if (eligible(r)) byCrop[r.system].push_back(weakestSeason(r));
  std::map<std::string, double> medians;
  for (const auto& [crop, indices] : byCrop)
    if (static_cast<int>(indices.size()) >= RegionalDrought::kMinCropParcels)
      medians[crop] = upperMedian(indices);
  std::vector<Member> out;
  double latitude = 0, longitude = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ParcelResult& r = results[i];
    if (!eligible(r) || !medians.count(r.system)) continue;
    out.push_back({i, weakestSeason(r) - medians[r.system]});
    latitude += r.latitude;
    longitude += r.longitude;
  }
  if (out.empty()) return out;
  latitude /= out.size();
  longitude /= out.size();
  constexpr double kMetresPerDegree = 111320;
  const double east = kMetresPerDegree * std::cos(latitude * std::numbers::pi / 180);
  for (Member& m : out) {
    m.x = (results[m.index].longitude - longitude) * east;
    m.y = (results[m.index].latitude - latitude) * kMetresPerDegree;
  }
  return out;
}

// The weakest season's drought, dated as SeasonJudge dates its own (on the first season's
// shift: a second crop's own shift is the judge's alone).
HazardEvent droughtOf(const ParcelResult& r, const CropSystem& system, int year, double severity) {
  const auto& index = r.judgement.seasonYieldIndex;
  const std::size_t s = std::min<std::size_t>(
      std::min_element(index.begin(), index.end()) - index.begin(), system.seasons.size() - 1);
  HazardEvent h = SeasonJudge::drought(system.seasons[s], r.judgement.shiftDays, year, severity);
  h.basis = RegionalDrought::kBasis;
  return h;
}

namespace bg = boost::geometry;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Indexed = std::pair<Point, std::size_t>;  // a member's place, its index in `all`

// The mean shortfall of a member's kNeighbours nearest others. The R-tree finds them without
// measuring the whole batch; among neighbours at the same distance the lower shortfall counts,
// so the answer does not depend on the tree's order.
double neighbourShortfall(const bg::index::rtree<Indexed, bg::index::rstar<16>>& tree,
                          const std::vector<Member>& all, std::size_t a) {
  const Point here(all[a].x, all[a].y);
  std::vector<Indexed> nearest;
  tree.query(bg::index::nearest(here, RegionalDrought::kNeighbours + 1),
             std::back_inserter(nearest));
  double reach = 0;  // squared metres to the farthest of the nearest others
  for (const Indexed& n : nearest)
    if (n.second != a) reach = std::max(reach, bg::comparable_distance(here, n.first));
  // Everyone as near as that, ties included.
  const double r = std::sqrt(reach) * (1 + 1e-12) + 1e-9;
  std::vector<Indexed> near;
  tree.query(bg::index::intersects(
                 Box(Point(all[a].x - r, all[a].y - r), Point(all[a].x + r, all[a].y + r))),
             std::back_inserter(near));
  std::vector<std::pair<double, double>> distance;  // squared metres, neighbour's shortfall
  for (const Indexed& n : near)
    if (n.second != a && bg::comparable_distance(here, n.first) <= reach)
      distance.emplace_back(bg::comparable_distance(here, n.first), all[n.second].shortfall);
  const int k = std::min<int>(RegionalDrought::kNeighbours, static_cast<int>(distance.size()));
  std::nth_element(distance.begin(), distance.begin() + k, distance.end());
  double around = 0;
  for (int i = 0; i < k; ++i) around += distance[i].second / RegionalDrought::kNeighbours;
  return around;
}

}  // namespace

int RegionalDrought::find(std::vector<ParcelResult>& results, const CropCalendar& calendar,
                          int year) {
  const std::vector<Member> all = members(results, calendar);
  if (static_cast<int>(all.size()) <= kNeighbours) return 0;
  std::vector<Indexed> places;
  places.reserve(all.size());
  for (std::size_t a = 0; a < all.size(); ++a) places.emplace_back(Point(all[a].x, all[a].y), a);
  const bg::index::rtree<Indexed, bg::index::rstar<16>> tree(places.begin(), places.end());
  std::vector<std::size_t> hit;
  for (std::size_t a = 0; a < all.size(); ++a) {
    const ParcelResult& r = results[all[a].index];
    // A crop the model is unsure of, or a plot seen partly through its neighbours' pixels, has
    // no index of its own to trust.
    if (all[a].shortfall > -kShortfall || !r.judgement.hazards.empty() ||
        weakestSeason(r) >= SeasonJudge::kWatch || r.uncertain() ||
        r.series.ownSignalShare() < kMinOwnSignal)
      continue;
    if (neighbourShortfall(tree, all, a) <= -kNeighbourShortfall) hit.push_back(a);
  }
  for (std::size_t a : hit) {
    ParcelResult& r = results[all[a].index];
    const CropSystem* system = calendar.find(r.system);
    SeasonJudge::addHazard(r.judgement, droughtOf(r, *system, year, -all[a].shortfall));
  }
  return static_cast<int>(hit.size());
}

}  // namespace aviary::satellite
