#include "TrainingSet.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "BatchRanks.h"
#include "ParcelAssessor.h"

namespace aviary::satellite {

TrainingSet::TrainingSet(const CropCalendar& calendar) : calendar_(calendar) {
  const ParcelAssessor assessor({}, calendar, {});
  featureNames_ = assessor.featureNames();
  parcelFeatureNames_ = assessor.parcelFeatureNames();
  for (const auto& s : calendar.systems()) classes_.push_back(s.code);
}

TrainingSet::Added TrainingSet::addCatalog(const std::vector<SceneItem>& items,
                                           const std::vector<Parcel>& parcels, int threads,
                                           std::function<void(std::size_t, std::size_t)> progress,
                                           const CropClassifier* resolver) {
  Added added;
  const ParcelAssessor assessor(items, calendar_,
                                {.threads = threads, .progress = std::move(progress)});
  const auto results = assessor.observe(parcels);
  // A label may name its crop as farmers do: a name that fits one system, or one the
  // resolver tells among those it fits.
  std::vector<std::vector<std::string>> named(parcels.size());
  for (std::size_t i = 0; i < parcels.size(); ++i)
    named[i] = calendar_.systemsNamed(parcels[i].system);
  const std::vector<int> told = systemsTold(named, results, resolver, added);
  const int group = nextGroup_++;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const int label = named[i].size() == 1 ? calendar_.indexOf(named[i].front()) : told[i];
    if (!results[i].error.empty() || label < 0) {
      ++added.skipped;
      continue;
    }
    rows_.push_back(results[i].features);
    labels_.push_back(label);
    groups_.push_back(group);
    sources_.push_back(sourceNumber(""));
    ids_.push_back(parcels[i].id);
    ++added.used;
  }
  return added;
}

std::vector<int> TrainingSet::systemsTold(const std::vector<std::vector<std::string>>& named,
                                          const std::vector<ParcelResult>& results,
                                          const CropClassifier* resolver, Added& added) const {
  std::vector<int> told(named.size(), -1);
  std::vector<std::size_t> shared;
  for (std::size_t i = 0; i < named.size(); ++i)
    if (named[i].size() > 1 && results[i].error.empty()) shared.push_back(i);
  added.shared = static_cast<int>(shared.size());
  if (shared.empty() || !resolver || resolver->featureNames() != featureNames_) return told;
  // The batch as assess observes it: every parcel, one region (its NDVI level as measured).
  std::vector<std::vector<float>> rows;
  std::vector<std::size_t> rowOf(named.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].error.empty()) {
      rowOf[i] = rows.size();
      rows.push_back(results[i].features);
    }
  const auto probabilities = resolver->predict(rows);
  const auto& classes = resolver->classes();
  for (std::size_t i : shared) {
    double total = 0, best = 0;
    int bestLabel = -1;
    for (const auto& code : named[i]) {
      const auto at = std::find(classes.begin(), classes.end(), code);
      if (at == classes.end()) continue;
      const double p = probabilities[rowOf[i]][at - classes.begin()];
      total += p;
      if (p > best) {
        best = p;
        bestLabel = calendar_.indexOf(code);
      }
    }
    if (total > 0 && best / total >= kToldShare) {
      told[i] = bestLabel;
      ++added.told;
    }
  }
  return told;
}

int TrainingSet::sourceNumber(const std::string& name) {
  const auto at = std::find(sourceNames_.begin(), sourceNames_.end(), name);
  if (at != sourceNames_.end()) return static_cast<int>(at - sourceNames_.begin());
  sourceNames_.push_back(name);
  return static_cast<int>(sourceNames_.size()) - 1;
}

TrainingSet::Added TrainingSet::addFeatureFile(const std::filesystem::path& file,
                                               const std::string& source) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read features file " + file.string());
  Added added;
  const int group = nextGroup_++;
  const int sourceIndex = sourceNumber(source);
  const std::size_t firstRow = rows_.size();
  bool withoutRegion = false;  // written without the batch features: added here
  std::string line;
  int lineNumber = 0;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (line.empty()) continue;
    const auto row = nlohmann::json::parse(line, nullptr, false);
    const std::string where = file.string() + " line " + std::to_string(lineNumber);
    if (row.is_discarded() || !row.is_object() || !row.contains("features") ||
        !row["features"].is_array() || !row.contains("system") || !row["system"].is_string())
      throw std::runtime_error(where +
                               " is not a labelled feature row; write the file with "
                               "'aviary satellite train --save-features'");
    const int label = calendar_.indexOf(row["system"].get<std::string>());
    if (label < 0) {
      ++added.skipped;
      continue;
    }
    const std::size_t count = row["features"].size();
    if (count == parcelFeatureNames_.size() && (rows_.size() == firstRow || withoutRegion))
      withoutRegion = true;
    else if (count != featureNames_.size() || withoutRegion)
      throw std::runtime_error(where + " has " + std::to_string(row["features"].size()) +
                               " features, this version computes " +
                               std::to_string(featureNames_.size()) +
                               "; extract them again with --save-features");
    std::vector<float> values;  // NaN (missing) was written as null
    for (const auto& v : row["features"]) values.push_back(v.is_number() ? v.get<float>() : NAN);
    rows_.push_back(std::move(values));
    labels_.push_back(label);
    groups_.push_back(group);
    sources_.push_back(sourceIndex);
    ids_.push_back(row.contains("parcel_id") && row["parcel_id"].is_string()
                       ? row["parcel_id"].get<std::string>()
                       : std::string());
    ++added.used;
  }
  if (withoutRegion) {
    std::vector<std::vector<float>*> rows;
    for (std::size_t i = firstRow; i < rows_.size(); ++i) rows.push_back(&rows_[i]);
    ParcelAssessor::addBatchFeatures(rows, parcelFeatureNames_);
  }
  return added;
}

std::vector<std::vector<float>> TrainingSet::trainingRows(bool fewCropBatches) const {
  std::vector<std::vector<float>> rows = rows_;
  if (fewCropBatches) BatchRanks::rankWithin(rows, groups_, labels_, featureNames_, kRankSeed);
  for (std::size_t i = kAloneEvery - 1; i < rows.size(); i += kAloneEvery)
    std::fill(rows[i].begin() + parcelFeatureNames_.size(), rows[i].end(), NAN);
  return rows;
}

void TrainingSet::writeFeatureFile(const std::filesystem::path& file) const {
  std::ofstream save(file);
  if (!save) throw std::runtime_error("cannot write " + file.string());
  for (std::size_t i = 0; i < rows_.size(); ++i)
    save << nlohmann::json{{"parcel_id", ids_[i]},
                           {"system", classes_[labels_[i]]},
                           {"features", rows_[i]}}
                .dump()
         << "\n";
}

std::vector<int> TrainingSet::classCounts() const {
  std::vector<int> counts(classes_.size(), 0);
  for (int label : labels_) ++counts[label];
  return counts;
}

}  // namespace aviary::satellite
