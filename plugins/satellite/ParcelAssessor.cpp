#include "ParcelAssessor.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "GeodesicArea.h"
#include "SceneStack.h"
#include "SeasonJudge.h"
#include "StacCatalog.h"

namespace aviary::satellite {

ParcelAssessor::ParcelAssessor(std::vector<SceneItem> items, const CropCalendar& calendar,
                               Options options)
    : calendar_(calendar), options_(std::move(options)) {
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
  for (auto& item : items) {
    if (!item.error.empty()) {
      items_.push_back(std::move(item));
      continue;
    }
    if (!options_.asOf.empty() && item.date > options_.asOf) continue;
    if (item.year != year_) {
      dropped_.push_back("item " + item.id + " is from " + std::to_string(item.year) +
                         ", outside the assessed year " + std::to_string(year_) + "; ignored");
      continue;
    }
    items_.push_back(std::move(item));
  }
}

std::vector<std::string> ParcelAssessor::sceneProblems() const {
  SceneStack stack(items_);
  std::vector<std::string> problems = stack.itemProblems();
  problems.insert(problems.end(), dropped_.begin(), dropped_.end());
  return problems;
}

std::vector<ParcelResult> ParcelAssessor::observe(const std::vector<Parcel>& parcels) const {
  std::vector<ParcelResult> results(parcels.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    SceneStack stack(items_);
    for (std::size_t i = next++; i < parcels.size(); i = next++) {
      const Parcel& parcel = parcels[i];
      ParcelResult& r = results[i];
      r.parcelId = parcel.id;
      r.declaredSystem = parcel.declaredSystem;
      r.areaM2 = parcel.areaM2;
      r.warnings = parcel.warnings;
      if (!parcel.error.empty()) {
        r.error = parcel.error;
        continue;
      }
      std::vector<Observation> observations = stack.observe(parcel, r.warnings);
      if (observations.empty()) {
        r.error = "parcel " + parcel.id +
                  " is outside every scene of the catalog (or every scene covering it failed "
                  "to read); check its coordinates are [lon, lat] in WGS 84 and that the "
                  "catalog covers it";
        continue;
      }
      r.series = ParcelTimeSeries::build(std::move(observations));
      if (!r.series.usable()) {
        r.error = "parcel " + parcel.id + " has only " + std::to_string(r.series.clear) +
                  " clear of " + std::to_string(r.series.total) +
                  " observations; add scenes (at least 3 clear ones are needed)";
        continue;
      }
      r.features = r.series.features();
    }
  };
  const int threads =
      std::max(1, std::min<int>(options_.threads, static_cast<int>(parcels.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return results;
}

void ParcelAssessor::classifyAndJudge(std::vector<ParcelResult>& results,
                                      const CropClassifier& classifier) const {
  std::vector<std::vector<float>> rows;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].error.empty()) {
      rows.push_back(results[i].features);
      which.push_back(i);
    }
  const auto probabilities = classifier.predict(rows);
  for (std::size_t k = 0; k < which.size(); ++k) {
    ParcelResult& r = results[which[k]];
    r.probabilities = probabilities[k];
    const auto best = std::max_element(r.probabilities.begin(), r.probabilities.end());
    r.system = classifier.classes()[best - r.probabilities.begin()];
    r.systemConfidence = *best;
    if (!r.declaredSystem.empty()) r.declaredMatch = r.declaredSystem == r.system;
    const CropSystem* system = calendar_.find(r.system);
    if (!system) {
      r.error = "the model's class '" + r.system + "' is not in crops.csv; retrain the model";
      continue;
    }
    r.judgement =
        SeasonJudge::judge(r.series, *system, GeodesicArea::mu(r.areaM2), year_, asOfDay_);
  }
}

std::vector<ParcelResult> ParcelAssessor::assess(const std::vector<Parcel>& parcels,
                                                 const CropClassifier& classifier) const {
  auto results = observe(parcels);
  classifyAndJudge(results, classifier);
  return results;
}

}  // namespace aviary::satellite
