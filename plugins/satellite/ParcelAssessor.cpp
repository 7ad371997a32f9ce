#include "ParcelAssessor.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

#include "AlignedPhenology.h"
#include "BatchRanks.h"
#include "CropUncertainty.h"
#include "GeodesicArea.h"
#include "ParallelFor.h"
#include "ParcelsOutsideScenes.h"
#include "RegionPeerCurves.h"
#include "RegionalDrought.h"
#include "RegionalFall.h"
#include "SceneStack.h"
#include "SeasonJudge.h"
#include "SeasonSoFar.h"
#include "StacCatalog.h"

namespace aviary::satellite {
namespace {

// Parcels per batch: a batch holds every scene's view of its parcels in memory.
constexpr std::size_t kBatchParcels = 2000;
// Parcels are batched in latitude bands this tall (about 2 km), west to east within a band.
constexpr double kBandDegrees = 0.02;

// A parcel astride the catalog's edge is read from the part inside (a scene covering less than
// half of it is not read at all): its crop and condition are that part's.
std::string partlyCoveredWarning(const std::vector<Observation>& observations) {
  constexpr double kWhole = 0.95;
  double covered = 0;
  for (const Observation& o : observations) covered = std::max(covered, o.coveredFraction);
  if (covered >= kWhole) return {};
  return "at most " + std::to_string(std::lround(covered * 100)) +
         "% of the parcel lies inside any one scene; its crop and condition are read off that "
         "part (add scenes that cover it whole)";
}

// A declared area the polygon does not bear out: more than kOverstated above what it measures
// (and half a mu at least), which would value the farm on land it does not have; or none at all.
// Our simulators declare within 10 % (rounding and measuring), registers within 0.3 % median.
std::string declaredAreaWarning(const Parcel& parcel) {
  constexpr double kOverstated = 0.2, kSmallestMu = 0.5;
  if (!parcel.declaredAreaMu || parcel.areaM2 <= 0) return {};
  const double declared = *parcel.declaredAreaMu, measured = GeodesicArea::mu(parcel.areaM2);
  std::ostringstream text;
  text << std::fixed << std::setprecision(2);
  if (declared <= 0)
    text << "declared_area_mu " << declared << " is not an area; give the parcel's area in mu";
  else if (declared > measured * (1 + kOverstated) && declared - measured >= kSmallestMu)
    text << "declared_area_mu " << declared << " is "
         << std::lround((declared / measured - 1) * 100) << "% more than the polygon measures ("
         << measured << " mu): check the boundary or the declaration";
  return text.str();
}

// The centre of a polygon's bounding box: longitude, latitude.
std::pair<double, double> boxCentre(const OGRGeometry& lonLat) {
  OGREnvelope e;
  lonLat.getEnvelope(&e);
  return {(e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2};
}

}  // namespace

ParcelAssessor::ParcelAssessor(std::vector<SceneItem> items, const CropCalendar& calendar,
                               Options options)
    : calendar_(calendar),
      options_(std::move(options)),
      fit_(calendar),
      unmixing_(calendar.endmembers()) {
  // One growing year: the most frequent year among dated scenes up to the as-of day.
  std::map<int, int> years;
  for (const auto& item : items)
    if (item.error.empty() && (options_.asOf.empty() || item.date <= options_.asOf))
      ++years[item.year];
  year_ = years.empty() ? 0 : std::max_element(years.begin(), years.end(), [](auto& a, auto& b) {
                                return a.second < b.second;
                              })->first;
  if (!options_.asOf.empty()) {
    int y = 0, doy = 0;
    std::string date;
    if (StacCatalog::parseDatetime(options_.asOf + "T00:00:00Z", y, doy, date))
      asOfDay_ = y > year_ ? 365 : y < year_ ? 0 : doy;
  }
  std::vector<std::string> otherYears;  // dates of the items left out
  std::vector<std::string> repeated;    // ids of items another item already gave
  std::set<std::pair<std::string, std::map<std::string, std::string>>> given;
  for (auto& item : items) {
    if (!item.error.empty()) {
      items_.push_back(std::move(item));
      continue;
    }
    if (!options_.asOf.empty() && item.date > options_.asOf) continue;
    if (item.year != year_) {
      otherYears.push_back(item.date);
      continue;
    }
    // A search over two collections, or a catalog linking an item twice, lists the same
    // scene again: read twice, it would weigh twice against another sensor's look that day.
    if (!given.emplace(item.datetime, item.assets).second) {
      repeated.push_back(item.id);
      continue;
    }
    items_.push_back(std::move(item));
  }
  if (!repeated.empty())
    dropped_.push_back(std::to_string(repeated.size()) +
                       (repeated.size() == 1 ? " item (" : " items (") + repeated.front() +
                       (repeated.size() > 1 ? " and others" : "") +
                       ") repeat an earlier item's time and files; each scene is read once");
  // One line for all of them: a catalog reaching into last autumn drops a dozen items.
  if (!otherYears.empty()) {
    const auto [first, last] = std::minmax_element(otherYears.begin(), otherYears.end());
    dropped_.push_back(std::to_string(otherYears.size()) + " items from other years than " +
                       std::to_string(year_) + " ignored (" + *first + " to " + *last +
                       "): a parcel is assessed over one growing year, the one most scenes "
                       "fall in; give --as-of to choose another");
  }
}

std::vector<float> ParcelAssessor::features(const ParcelTimeSeries& series) const {
  std::vector<float> f = series.features();
  const std::vector<float> aligned = AlignedPhenology::features(series);
  f.insert(f.end(), aligned.begin(), aligned.end());
  const std::vector<float> fit = fit_.features(series);
  f.insert(f.end(), fit.begin(), fit.end());
  // XGBoost takes NaN for missing but refuses infinities (a ratio over a near-zero band).
  for (float& v : f)
    if (std::isinf(v)) v = NAN;
  return f;
}

std::vector<std::string> ParcelAssessor::parcelFeatureNames() const {
  std::vector<std::string> names = ParcelTimeSeries::featureNames();
  const std::vector<std::string> aligned = AlignedPhenology::featureNames();
  names.insert(names.end(), aligned.begin(), aligned.end());
  const std::vector<std::string> fit = fit_.featureNames();
  names.insert(names.end(), fit.begin(), fit.end());
  return names;
}

std::vector<std::string> ParcelAssessor::featureNames() const {
  std::vector<std::string> names = parcelFeatureNames();
  const std::vector<std::string> region = RegionCalendar::featureNames(names);
  names.insert(names.end(), region.begin(), region.end());
  const std::vector<std::string> ranks = BatchRanks::featureNames();
  names.insert(names.end(), ranks.begin(), ranks.end());
  return names;
}

RegionCalendar::Estimate ParcelAssessor::addBatchFeatures(
    const std::vector<std::vector<float>*>& rows, const std::vector<std::string>& parcelNames) {
  const RegionCalendar::Estimate region =
      RegionCalendar::estimate({rows.begin(), rows.end()}, parcelNames);
  const std::vector<std::vector<float>> ranks =
      BatchRanks::ranks({rows.begin(), rows.end()}, parcelNames);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::vector<float> f = RegionCalendar::features(*rows[i], parcelNames, region);
    rows[i]->insert(rows[i]->end(), f.begin(), f.end());
    rows[i]->insert(rows[i]->end(), ranks[i].begin(), ranks[i].end());
  }
  return region;
}

std::vector<std::string> ParcelAssessor::sceneProblems() const {
  return problemsOf(SceneStack(items_).itemChecks(options_.threads));
}

std::vector<std::string> ParcelAssessor::problemsOf(
    const std::vector<SceneStack::ItemCheck>& checks) const {
  std::vector<std::string> problems = SceneStack::problemsOf(items_, checks);
  problems.insert(problems.end(), dropped_.begin(), dropped_.end());
  return problems;
}

std::vector<ParcelResult> ParcelAssessor::observe(const std::vector<Parcel>& parcels,
                                                  RegionCalendar::Estimate* region,
                                                  std::vector<std::string>* sceneProblems) const {
  std::vector<ParcelResult> results(parcels.size());
  std::vector<std::size_t> todo;
  for (std::size_t i = 0; i < parcels.size(); ++i) {
    const Parcel& parcel = parcels[i];
    ParcelResult& r = results[i];
    r.parcelId = parcel.id;
    r.declaredSystem = parcel.declaredSystem;
    r.areaM2 = parcel.areaM2;
    r.declaredAreaMu = parcel.declaredAreaMu;
    r.warnings = parcel.warnings;
    if (const std::string overstated = declaredAreaWarning(parcel); !overstated.empty())
      r.warnings.push_back(overstated);
    if (!parcel.declaredSystem.empty() && calendar_.systemsNamed(parcel.declaredSystem).empty())
      r.warnings.push_back("declared_system \"" + parcel.declaredSystem +
                           "\" names no crop of crops.csv, so declared_match is left out; " +
                           CropCalendar::kUnknownNameAdvice);
    if (!parcel.error.empty())
      r.error = parcel.error;
    else
      todo.push_back(i);
  }
  // Nearby parcels go in the same batch, so that a batch reads a compact part of each scene.
  std::vector<std::pair<double, double>> centre(parcels.size());
  for (std::size_t i : todo) {
    if (!parcels[i].lonLat) continue;
    const auto [lon, lat] = boxCentre(*parcels[i].lonLat);
    centre[i] = {-std::round(lat / kBandDegrees), lon};
    results[i].longitude = lon;
    results[i].latitude = lat;
  }
  std::sort(todo.begin(), todo.end(), [&](std::size_t a, std::size_t b) {
    return centre[a] != centre[b] ? centre[a] < centre[b] : a < b;
  });

  const int sceneCount = static_cast<int>(items_.size());
  const std::size_t reads = (todo.size() + kBatchParcels - 1) / kBatchParcels * items_.size();
  std::atomic<std::size_t> read{0};
  // The first batch opens every scene: what opening each found is taken then.
  std::vector<SceneStack::ItemCheck> checks(todo.empty() ? 0 : sceneCount);
  for (std::size_t first = 0; first < todo.size(); first += kBatchParcels) {
    const std::size_t last = std::min(todo.size(), first + kBatchParcels);
    std::vector<const Parcel*> batch;
    for (std::size_t k = first; k < last; ++k) batch.push_back(&parcels[todo[k]]);

    // Scene by scene: each scene is opened and decoded by one worker, once for the batch.
    std::vector<std::vector<SceneStack::SceneView>> views(sceneCount);
    parallelFor(sceneCount, options_.threads, [&](auto& next) {
      SceneStack stack(items_);
      SceneStack::GridCoverage coverage;
      for (int s = next(); s < sceneCount; s = next()) {
        stack.observeScene(s, batch, coverage, views[s]);
        if (first == 0) checks[s] = stack.check(s);
        stack.close(s);
        if (options_.progress) options_.progress(++read, reads);
      }
    });

    // Then parcel by parcel: the series, in scene order.
    const int batchSize = static_cast<int>(batch.size());
    parallelFor(batchSize, options_.threads, [&](auto& next) {
      for (int k = next(); k < batchSize; k = next()) {
        const Parcel& parcel = *batch[k];
        ParcelResult& r = results[todo[first + k]];
        std::vector<Observation> observations;
        for (int s = 0; s < sceneCount; ++s) {
          SceneStack::SceneView& view = views[s][k];
          if (!view.warning.empty()) r.warnings.push_back(std::move(view.warning));
          if (view.seen) observations.push_back(std::move(view.observation));
        }
        if (observations.empty()) {
          r.error = ParcelsOutsideScenes::errorFor(parcel.id);
          continue;
        }
        if (const std::string part = partlyCoveredWarning(observations); !part.empty())
          r.warnings.push_back(part);
        // Open water and snow are judged on what the sensor saw (water is not read in a
        // mostly cloudy mixture); the indices on the ground with the missed cloud taken out.
        for (Observation& o : observations) unmixing_.readLook(o);
        r.series = ParcelTimeSeries::build(std::move(observations));
        if (!r.series.usable()) {
          r.error = "parcel " + parcel.id + " has only " + std::to_string(r.series.clear) +
                    " clear of " + std::to_string(r.series.total) +
                    " observations; add scenes (at least 3 clear ones are needed)";
          continue;
        }
        r.features = features(r.series);
      }
    });
  }
  std::vector<std::vector<float>*> rows;
  for (ParcelResult& r : results)
    if (r.error.empty() && !r.features.empty()) rows.push_back(&r.features);
  const RegionCalendar::Estimate estimate = addBatchFeatures(rows, parcelFeatureNames());
  if (region) *region = estimate;
  if (sceneProblems) *sceneProblems = todo.empty() ? this->sceneProblems() : problemsOf(checks);
  return results;
}

void ParcelAssessor::classifyAndJudge(std::vector<ParcelResult>& results,
                                      const CropClassifier& classifier,
                                      std::optional<double> regionShift,
                                      BatchReading* reading) const {
  const std::vector<std::string> names = featureNames();
  if (classifier.featureNames() != names) {
    for (ParcelResult& r : results)
      if (r.error.empty())
        r.error = "the crop model was trained on other features (" +
                  std::to_string(classifier.featureNames().size()) + ") than this version of " +
                  "Aviary computes (" + std::to_string(names.size()) +
                  "); retrain it with 'aviary satellite train' or use the shipped model";
    return;
  }
  const auto fitError = std::find(names.begin(), names.end(), "fit_best_error") - names.begin();
  std::vector<std::vector<float>> rows;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].error.empty()) {
      rows.push_back(results[i].features);
      which.push_back(i);
    }
  std::vector<std::vector<double>> probabilities;
  try {
    if (options_.learnNdviLevel) {
      const BatchNdviLevel level = BatchNdviLevel::estimate(
          rows, names, [&](const auto& sample) { return classifier.rawPredict(sample); });
      if (level.offset() != 0) {
        level.apply(rows);
        for (std::size_t k = 0; k < which.size(); ++k) results[which[k]].features = rows[k];
      }
      if (reading) reading->level = level;
    }
    probabilities = classifier.predict(rows, reading ? &reading->temperature : nullptr);
  } catch (const std::exception& e) {
    for (std::size_t i : which)
      results[i].error = std::string("the crop model could not classify the parcel (") + e.what() +
                         "); retrain it or use the shipped model";
    return;
  }
  if (options_.learnCropMix) {
    const BatchCropMix mix = BatchCropMix::estimate(probabilities, classifier.classShares());
    mix.apply(probabilities);
    if (reading) reading->mix = mix;
  }
  const bool seasonSoFar = asOfDay_ < SeasonSoFar::kWholeFrom;
  for (std::size_t k = 0; k < which.size(); ++k) {
    ParcelResult& r = results[which[k]];
    r.probabilities = seasonSoFar ? CropClassifier::calibrate(probabilities[k],
                                                              SeasonSoFar::temperature(asOfDay_))
                                  : probabilities[k];
    r.seasonSoFar = seasonSoFar;
    const auto best = std::max_element(r.probabilities.begin(), r.probabilities.end());
    r.system = classifier.classes()[best - r.probabilities.begin()];
    r.systemConfidence = *best;
    r.flags = CropUncertainty::flags(
        {r.probabilities, classifier.unfamiliarFeatures(r.features), r.features[fitError],
         classifier.curveErrorLimit(best - r.probabilities.begin()), r.series.clear});
    r.referral = CropUncertainty::referral(r.flags);
    const auto declared = calendar_.systemsNamed(r.declaredSystem);
    if (!declared.empty() && !r.uncertain())
      r.declaredMatch = std::find(declared.begin(), declared.end(), r.system) != declared.end();
  }
  // Each crop system's curve as this batch grows it, grouped by the model's likeliest crop: a
  // crop it confuses with another all the same is grouped with its own kind.
  std::vector<std::pair<std::string, const ParcelTimeSeries*>> members;
  for (std::size_t i : which) members.emplace_back(results[i].system, &results[i].series);
  const RegionPeerCurves peers = RegionPeerCurves::build(members);
  if (reading) reading->peers = peers;
  for (std::size_t k = 0; k < which.size(); ++k) {
    ParcelResult& r = results[which[k]];
    const CropSystem* system = calendar_.find(r.system);
    if (!system) {
      r.error = "the model's class '" + r.system + "' is not in crops.csv; retrain the model";
      continue;
    }
    const double mu = GeodesicArea::mu(r.areaM2);
    r.judgement = SeasonJudge::judge(r.series, *system, mu, year_, asOfDay_, regionShift,
                                     peers.curve(system->code));
  }
  if (options_.sharedFallsAreWeather) RegionalFall::clear(results);
  RegionalDrought::find(results, calendar_, year_);
}

std::vector<const Parcel*> ParcelAssessor::nearestContext(const std::vector<Parcel>& parcels,
                                                          const std::vector<Parcel>& context,
                                                          std::size_t most) {
  std::set<std::string> ids;
  OGREnvelope batch;
  for (const Parcel& p : parcels) {
    ids.insert(p.id);
    if (!p.lonLat) continue;
    OGREnvelope e;
    p.lonLat->getEnvelope(&e);
    batch.Merge(e);
  }
  const double lon = (batch.MinX + batch.MaxX) / 2, lat = (batch.MinY + batch.MaxY) / 2;
  const double lonScale = std::cos(std::clamp(lat, -89.0, 89.0) * std::numbers::pi / 180);
  std::vector<std::pair<double, const Parcel*>> near;
  for (const Parcel& p : context) {
    if (ids.count(p.id) || !p.error.empty() || !p.lonLat) continue;
    double distance = 0;
    if (batch.IsInit()) {
      const auto [x, y] = boxCentre(*p.lonLat);
      distance = std::hypot((x - lon) * lonScale, y - lat);
    }
    near.emplace_back(distance, &p);
  }
  const std::size_t kept = std::min(most, near.size());
  std::partial_sort(near.begin(), near.begin() + kept, near.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first < b.first : a.second < b.second;
                    });
  std::vector<const Parcel*> out;
  for (std::size_t i = 0; i < kept; ++i) out.push_back(near[i].second);
  return out;
}

std::vector<ParcelResult> ParcelAssessor::assess(const std::vector<Parcel>& parcels,
                                                 const CropClassifier& classifier,
                                                 BatchReading* reading,
                                                 const std::vector<Parcel>& context) const {
  std::vector<Parcel> read;
  if (!context.empty()) {
    read = parcels;
    for (const Parcel* p : nearestContext(parcels, context, kContextParcels)) read.push_back(*p);
  }
  if (reading) reading->contextRead = read.empty() ? 0 : read.size() - parcels.size();
  RegionCalendar::Estimate estimate;
  auto results = observe(read.empty() ? parcels : read, &estimate,
                         reading ? &reading->sceneProblems : nullptr);
  if (reading) reading->region = estimate;
  classifyAndJudge(results, classifier, estimate.sureShift(), reading);
  results.resize(parcels.size());  // the context only lent the batch its region
  return results;
}

}  // namespace aviary::satellite
