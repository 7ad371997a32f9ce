#pragma once

#include <cmath>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace aviary::satellite {

// Gradient-boosted trees (XGBoost C API, multi:softprob) over the time-series features,
// with a temperature that calibrates the probabilities. The temperature is fitted on
// cross-fitted predictions: each row predicted by a model that never saw its group (a
// catalog, i.e. a region), so that it reflects how the model does on a region it has not
// seen, not on its own. The class list, feature names, temperature and the range of each
// feature in training travel inside the model file.
//
// Unfamiliar scenes make the trees overconfident, and more so the stranger the scenes: the
// temperature grows with a batch's strangeness, the median error of its best normal-curve
// fit (fit_best_error; crops.csv explains our plain regions to 0.006 NDVI, varied ones to
// 0.02-0.03). log T = a + b * strangeness is fitted on the cross-fitted predictions, one
// temperature per held-out region. Trained on several sources (generators, satellites), each
// region gets instead the temperature its predictions need from trees that never saw its
// source: a lender's scenes are made unlike any trained on, a larger shift than a new region
// of a known source.
class CropClassifier {
 public:
  struct TrainOptions {
    int rounds = 150;  // the most; cross-fitting keeps as many as the labels bear
    int maxDepth = 5;
    double eta = 0.15;
    int threads = 2;
    unsigned seed = 1;
    int calibrationFolds = 4;  // cross-fitting folds for the temperature (0: none)
    // Called after each boosting round of train() or fineTune(): the rounds boosted so far and
    // the most the fit will boost, cross-fitting folds included (it falls once cross-fitting
    // has chosen how many rounds the labels bear).
    std::function<void(std::size_t, std::size_t)> progress;
  };
  struct TrainReport {
    int trainRows = 0, validationRows = 0;  // validation: rows with a cross-fitted prediction
    double validationAccuracy = 0, validationLogLoss = 0, temperature = 1;
    double calibrationError = 0;  // expected calibration error of the cross-fitted predictions
    int groups = 0;               // groups (catalogs) the folds were split by
    int addedRounds = 0;          // fine-tuning: trees added, chosen by cross-fitted log loss
    int rounds = 0;               // boosting rounds in the model (chosen by cross-fitting)
    // log T = log(temperature) + temperatureSlope * (strangeness - strangenessAt); 0: one T.
    double temperatureSlope = 0, strangenessAt = 0;
    // Sources each predicted by trees that never saw it (0: none), and the calibration error
    // of those predictions at their batch temperatures.
    int sources = 0;
    double acrossSourcesCalibrationError = 0;
  };

  // Fine-tuning adds shallower trees: local labels are few. `rounds` is the most it adds;
  // how many of them the labels bear is chosen by cross-fitting (none, 10, 20, 40, ...).
  static TrainOptions fineTuneDefaults() {
    TrainOptions o;
    o.rounds = 320;
    o.maxDepth = 4;
    o.eta = 0.1;
    return o;
  }

  CropClassifier();
  ~CropClassifier();
  CropClassifier(CropClassifier&& other) noexcept;
  CropClassifier& operator=(CropClassifier&& other) noexcept;
  CropClassifier(const CropClassifier&) = delete;
  CropClassifier& operator=(const CropClassifier&) = delete;

  // Rows of `features` (names in `featureNames`) labelled with indices into `classes`;
  // `groups` (optional, one per row) keeps a region's rows in one calibration fold.
  // `sources` (optional, one per row): with two or more, each source is also predicted by
  // trees trained on the others, and the batch temperature is fitted on those predictions, so
  // that it calibrates scenes made unlike any trained on.
  static CropClassifier train(const std::vector<std::vector<float>>& features,
                              const std::vector<int>& labels,
                              const std::vector<std::string>& classes,
                              const std::vector<std::string>& featureNames,
                              const TrainOptions& options, TrainReport* report = nullptr,
                              const std::vector<int>& groups = {},
                              const std::vector<int>& sources = {});
  // Adapts `base` to local labels: up to `options.rounds` more trees fitted on top of its
  // predictions (as many as the cross-fitted log loss of the local labels bears), then a
  // temperature fitted on the local labels (cross-fitted). `groups` as for train().
  static CropClassifier fineTune(const CropClassifier& base,
                                 const std::vector<std::vector<float>>& features,
                                 const std::vector<int>& labels, const TrainOptions& options,
                                 TrainReport* report = nullptr,
                                 const std::vector<int>& groups = {});
  // `predictThreads` is how many threads one prediction uses. Predictions run one at a time,
  // so a batch's whole prediction may use the threads its assessor reads scenes with.
  static CropClassifier load(const std::filesystem::path& file, int predictThreads = 1);
  static std::filesystem::path shippedModel();
  void save(const std::filesystem::path& file) const;

  struct BatchTemperature;
  // One calibrated probability row per input row, in the order of classes(). The rows are
  // taken as one batch (a region): its strangeness sets the temperature (kept in `used`, when
  // given).
  std::vector<std::vector<double>> predict(const std::vector<std::vector<float>>& features,
                                           BatchTemperature* used = nullptr) const;
  // p^(1/temperature), normalised: a temperature above 1 flattens the probabilities.
  static std::vector<double> calibrate(const std::vector<double>& p, double temperature);
  // The trees' own probabilities, before any temperature.
  std::vector<std::vector<double>> rawPredict(const std::vector<std::vector<float>>& rows) const;
  // The temperature predict() gives a batch, and what set it.
  struct BatchTemperature {
    double temperature = 1;
    bool perBatch = false;  // set by the batch's strangeness; false: the model's one
    // The batch's median fit_best_error (NaN: no parcel gave one, and the training regions'
    // temperature stands).
    double strangeness = NAN;
    double strangenessAt = 0;  // the training regions' median, where the fit is centred
    // How surely the batch is read, and why, in a sentence (the command's log, a case's facts).
    std::string describe() const;
  };
  BatchTemperature batchTemperature(const std::vector<std::vector<float>>& features) const;
  // How many of a row's features lie well outside the range seen in training (0 when the
  // model carries no ranges): a parcel unlike anything the model learned from.
  int unfamiliarFeatures(const std::vector<float>& row) const;
  const std::vector<std::string>& classes() const { return classes_; }
  // The shares of the classes among the labels it was trained on (empty: not recorded, as in
  // models before it was; the shipped model's simulators draw the systems about evenly).
  const std::vector<double>& classShares() const { return classShares_; }
  // How far (fit_best_error, RMS NDVI) the normal curves missed the season of this class's
  // own training parcels: its 99th percentile, NaN when the model does not record it or the
  // class had fewer than kMinRowsForCurveLimit labels. A parcel missed by more is unlike them.
  double curveErrorLimit(std::size_t classIndex) const;
  static constexpr int kMinRowsForCurveLimit = 20;
  const std::vector<std::string>& featureNames() const { return featureNames_; }
  double temperature() const { return temperature_; }
  bool loaded() const { return booster_ != nullptr; }
  // Boosting rounds in the model (the base model's included when fine-tuned).
  int rounds() const { return baseRounds_; }

  // Expected calibration error: the top probability against the accuracy, in `bins` bins
  // of confidence, weighted by how many rows fall in each.
  static double expectedCalibrationError(const std::vector<std::vector<double>>& probabilities,
                                         const std::vector<int>& labels, int bins = 15);

 private:
  struct Range {
    float low = 0, high = 0;
  };
  void storeMetadata();
  void fitBatchTemperature(const std::vector<std::vector<double>>& raw,
                           const std::vector<std::vector<double>>& acrossSources,
                           const std::vector<std::vector<float>>& features,
                           const std::vector<int>& labels, const std::vector<int>& groups,
                           TrainReport& report);
  double batchCalibrationError(const std::vector<std::vector<double>>& raw,
                               const std::vector<std::vector<float>>& features,
                               const std::vector<int>& labels, const std::vector<int>& groups,
                               double* logLoss = nullptr) const;
  double strangeness(const std::vector<std::vector<float>>& rows,
                     const std::vector<std::size_t>& which) const;
  // The temperature for a batch of this strangeness (NaN: the single temperature).
  double temperatureAt(double strangeness) const;

  void* booster_ = nullptr;
  std::vector<std::string> classes_, featureNames_;
  std::vector<Range> ranges_;
  std::vector<double> classShares_;
  std::vector<double> curveErrorLimits_;  // per class; empty: not recorded
  double temperature_ = 1;
  // log T = log(temperature_) + temperatureSlope_ * (strangeness - strangenessAt_).
  double temperatureSlope_ = 0, strangenessAt_ = 0;
  int baseRounds_ = 0;
};

}  // namespace aviary::satellite
