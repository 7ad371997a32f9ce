#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "CropClassifier.h"
#include "Parcel.h"
#include "ParcelResult.h"
#include "SceneItem.h"

namespace aviary::satellite {

// Labelled feature rows for the crop model: observed from a catalog of labelled parcels
// (properties.system), or read back from a file written by writeFeatureFile. Each catalog or
// file is one group, a region: calibration keeps a region's rows together. A file may also
// name its source (a simulator, a satellite, a survey): calibration then also predicts each
// source with trees that never saw it.
class TrainingSet {
 public:
  struct Added {
    int used = 0, skipped = 0;
    // Labels naming a crop several systems share ("maize", "rice"), and of those, the ones
    // whose system the resolving model told from the parcel's scenes.
    int shared = 0, told = 0;
  };
  // How sure the resolving model must be of one system among those a label names: its share
  // of their probabilities. On the evaluation scenes 98.6 % of those it told were right.
  static constexpr double kToldShare = 0.9;

  explicit TrainingSet(const CropCalendar& calendar);

  // `progress` as ParcelAssessor::Options::progress. A label naming several systems takes the
  // one `resolver` (the shipped model, say) finds likeliest for the parcel, if it is sure of it
  // (kToldShare); without a resolver, or unsure, the parcel is skipped.
  Added addCatalog(const std::vector<SceneItem>& items, const std::vector<Parcel>& parcels,
                   int threads, std::function<void(std::size_t, std::size_t)> progress = {},
                   const CropClassifier* resolver = nullptr);
  // Throws std::runtime_error naming the file when it cannot be read or was written with
  // other features.
  Added addFeatureFile(const std::filesystem::path& file, const std::string& source = "");
  void writeFeatureFile(const std::filesystem::path& file) const;

  const std::vector<std::vector<float>>& rows() const { return rows_; }
  // The rows to train on: as rows(), but one row in kAloneEvery without the batch features,
  // as a parcel assessed alone has them (RegionCalendar unsure, too few to rank), so that the
  // model learns what to do without them; and ranked within batches of a few crops for some
  // catalogs (BatchRanks::rankWithin), as a lender's batch may hold only a few. Fine-tuning
  // on a lender's own catalogs ranks them whole (`fewCropBatches` false), as they are assessed.
  std::vector<std::vector<float>> trainingRows(bool fewCropBatches = true) const;
  static constexpr std::size_t kAloneEvery = 8;
  static constexpr std::uint64_t kRankSeed = 1;
  const std::vector<int>& labels() const { return labels_; }
  const std::vector<std::string>& ids() const { return ids_; }  // each row's parcel
  const std::vector<int>& groups() const { return groups_; }
  // Each row's source, numbered in the order first named; catalogs and unnamed files share
  // one source.
  const std::vector<int>& sources() const { return sources_; }
  const std::vector<std::string>& classes() const { return classes_; }
  const std::vector<std::string>& featureNames() const { return featureNames_; }
  bool empty() const { return rows_.empty(); }
  // Rows per class, in the order of classes().
  std::vector<int> classCounts() const;

 private:
  const CropCalendar& calendar_;
  std::vector<std::string> classes_, featureNames_, parcelFeatureNames_;
  std::vector<std::vector<float>> rows_;
  std::vector<int> labels_, groups_, sources_;
  std::vector<std::string> sourceNames_;  // index: source number
  std::vector<std::string> ids_;          // parcel ids, kept in the features file for tracing
  int nextGroup_ = 0;

  int sourceNumber(const std::string& name);
  // For each parcel whose label names several systems (`named`, per parcel), the one
  // `resolver` is sure of (class index of crops.csv), else -1; counts them in `added`.
  std::vector<int> systemsTold(const std::vector<std::vector<std::string>>& named,
                               const std::vector<ParcelResult>& results,
                               const CropClassifier* resolver, Added& added) const;
};

}  // namespace aviary::satellite
