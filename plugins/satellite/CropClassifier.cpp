#include "CropClassifier.h"

#include <cstdlib>

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include "SatelliteResources.h"
#include "UpperMedian.h"

namespace aviary::satellite {
namespace {

constexpr std::size_t kMinCalibrationRows = 50;
// A feature this far beyond its training range (as a share of the range) is unfamiliar.
constexpr float kRangeMargin = 0.25f;
constexpr double kRangeQuantile = 0.005;  // the range leaves out the extreme 0.5% each side
// The batch's strangeness: this feature's median (see the class comment).
constexpr const char* kStrangeness = "fit_best_error";
constexpr std::size_t kMinGroupRows = 30;  // a region's own temperature needs this many rows
constexpr double kMinTemperature = 0.5, kMaxTemperature = 5.0;

void check(int status, const char* what) {
  if (status != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

// A DMatrix owned for one scope.
class Matrix {
 public:
  Matrix(const std::vector<std::vector<float>>& rows, std::size_t columns) {
    std::vector<float> flat;
    flat.reserve(rows.size() * columns);
    for (const auto& r : rows) {
      if (r.size() != columns)
        throw std::invalid_argument("feature row has " + std::to_string(r.size()) +
                                    " values, the model expects " + std::to_string(columns) +
                                    "; the model was trained on other features, retrain it");
      flat.insert(flat.end(), r.begin(), r.end());
    }
    check(XGDMatrixCreateFromMat(flat.data(), rows.size(), columns, NAN, &handle_),
          "XGDMatrixCreateFromMat");
  }
  ~Matrix() { XGDMatrixFree(handle_); }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

// A booster owned for one scope (released into a CropClassifier when kept).
class Booster {
 public:
  Booster() = default;
  ~Booster() {
    if (handle_) XGBoosterFree(handle_);
  }
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  BoosterHandle* out() { return &handle_; }
  BoosterHandle get() const { return handle_; }
  BoosterHandle release() { return std::exchange(handle_, nullptr); }

 private:
  BoosterHandle handle_ = nullptr;
};

// XGBoost's prediction buffer is per thread and reused by the next call: one call at a time,
// copied out before returning.
std::mutex& predictMutex() {
  static std::mutex m;
  return m;
}

std::vector<std::vector<double>> predictWith(BoosterHandle booster,
                                             const std::vector<std::vector<float>>& rows,
                                             std::size_t columns, std::size_t classes) {
  std::vector<std::vector<double>> out;
  if (rows.empty()) return out;
  Matrix m(rows, columns);
  std::lock_guard lock(predictMutex());
  bst_ulong length = 0;
  const float* result = nullptr;
  check(XGBoosterPredict(booster, m.get(), 0, 0, 0, &length, &result), "XGBoosterPredict");
  if (length != rows.size() * classes)
    throw std::runtime_error("XGBoost returned an unexpected shape");
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.emplace_back(result + i * classes, result + (i + 1) * classes);
  return out;
}

std::string serialise(BoosterHandle booster) {
  bst_ulong length = 0;
  const char* data = nullptr;
  check(XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &data),
        "XGBoosterSaveModelToBuffer");
  return std::string(data, length);
}

// Labelled feature rows: `columns` features each, labels in 0..classes-1, and each row's group
// (catalog) for the folds, when known.
struct LabelledRows {
  const std::vector<std::vector<float>>& rows;
  const std::vector<int>& labels;
  const std::vector<int>& groups;
  std::size_t classes, columns;
};

// The model boosting starts from: none, or a saved model and its rounds.
struct StartingModel {
  const std::string* saved = nullptr;
  int rounds = 0;
};

// Fits `options.rounds` trees to the rows, on top of `start`.
// `afterRound(n)` (optional) is called with the number of rounds added so far, and
// `options.progress` once per round (train() and fineTune() make it count: countedRounds).
void boost(Booster& booster, const LabelledRows& data, const CropClassifier::TrainOptions& options,
           StartingModel start, const std::function<void(int)>& afterRound = {}) {
  const std::size_t classes = data.classes;
  Matrix train(data.rows, data.columns);
  std::vector<float> y(data.labels.begin(), data.labels.end());
  check(XGDMatrixSetFloatInfo(train.get(), "label", y.data(), y.size()), "XGDMatrixSetFloatInfo");
  DMatrixHandle cache[] = {train.get()};
  check(XGBoosterCreate(cache, 1, booster.out()), "XGBoosterCreate");
  if (start.saved)
    check(XGBoosterLoadModelFromBuffer(booster.get(), start.saved->data(), start.saved->size()),
          "XGBoosterLoadModelFromBuffer");
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "multi:softprob"},
      {"num_class", std::to_string(classes)},
      {"max_depth", std::to_string(options.maxDepth)},
      {"eta", std::to_string(options.eta)},
      {"subsample", "0.8"},
      {"colsample_bytree", "0.6"},
      {"min_child_weight", "2"},
      {"tree_method", "hist"},
      {"max_bin", "128"},
      {"nthread", std::to_string(std::max(1, options.threads))},
      {"seed", std::to_string(options.seed)},
      {"eval_metric", "mlogloss"}};
  for (const auto& [k, v] : params)
    check(XGBoosterSetParam(booster.get(), k.c_str(), v.c_str()), "XGBoosterSetParam");
  if (afterRound) afterRound(0);
  for (int round = 0; round < options.rounds; ++round) {
    check(XGBoosterUpdateOneIter(booster.get(), start.rounds + round, train.get()),
          "XGBoosterUpdateOneIter");
    if (afterRound) afterRound(round + 1);
    if (options.progress) options.progress(1, 0);
  }
}

// Rounds a fit boosts, for TrainOptions::progress: `boosted` so far of `planned`, both the
// caller's, so that every booster of the fit (folds, final, across sources) adds to them.
struct RoundCount {
  std::size_t boosted = 0, planned = 0;
};

// `options` whose progress counts into `count` and reports to the caller's progress.
CropClassifier::TrainOptions countedRounds(const CropClassifier::TrainOptions& options,
                                           RoundCount& count) {
  CropClassifier::TrainOptions counted = options;
  if (options.progress)
    counted.progress = [&count, report = options.progress](std::size_t, std::size_t) {
      const std::size_t boosted = ++count.boosted;
      report(boosted, std::max(boosted, count.planned));
    };
  return counted;
}

// Folds cross-fitting will boost for `rows` rows (0: too few to cross-fit).
std::size_t crossFitFolds(const CropClassifier::TrainOptions& options, std::size_t rows) {
  return options.calibrationFolds < 2 || rows < kMinCalibrationRows
             ? 0
             : static_cast<std::size_t>(options.calibrationFolds);
}

// Sources predicted across (0: fewer than two, none).
std::size_t sourcesAcross(const std::vector<int>& sources, std::size_t rows) {
  const std::size_t distinct = std::set<int>(sources.begin(), sources.end()).size();
  return sources.size() == rows && distinct >= 2 ? distinct : 0;
}

double logLoss(const std::vector<std::vector<double>>& p, const std::vector<int>& y) {
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) sum -= std::log(std::max(1e-12, p[i][y[i]]));
  return y.empty() ? 0 : sum / y.size();
}

// Calibration folds: whole groups (regions) per fold when there are enough of them, so that
// each prediction is made by a model that never saw the row's region; else random rows.
std::vector<int> foldsOf(std::size_t rows, const std::vector<int>& groups, int folds, unsigned seed,
                         int& groupCount) {
  std::mt19937 rng(seed);
  std::vector<int> fold(rows);
  const std::set<int> distinct(groups.begin(), groups.end());
  groupCount = static_cast<int>(distinct.size());
  if (groups.size() == rows && groupCount >= folds) {
    std::vector<int> order(distinct.begin(), distinct.end());
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<int> foldOfGroup(*distinct.rbegin() - *distinct.begin() + 1);
    for (std::size_t k = 0; k < order.size(); ++k)
      foldOfGroup[order[k] - *distinct.begin()] = static_cast<int>(k % folds);
    for (std::size_t i = 0; i < rows; ++i) fold[i] = foldOfGroup[groups[i] - *distinct.begin()];
    return fold;
  }
  std::vector<std::size_t> order(rows);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t k = 0; k < rows; ++k) fold[order[k]] = static_cast<int>(k % folds);
  return fold;
}

template <typename Fit>
void crossFit(const LabelledRows& data, const CropClassifier::TrainOptions& options,
              std::vector<std::vector<double>>& raw, int& groupCount, Fit fit) {
  const auto& rows = data.rows;
  const auto& labels = data.labels;
  raw.assign(rows.size(), {});
  if (crossFitFolds(options, rows.size()) == 0) return;
  const std::vector<int> fold =
      foldsOf(rows.size(), data.groups, options.calibrationFolds, options.seed, groupCount);
  for (int k = 0; k < options.calibrationFolds; ++k) {
    std::vector<std::vector<float>> trainRows, heldRows;
    std::vector<int> trainLabels;
    std::vector<std::size_t> held;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (fold[i] == k) {
        heldRows.push_back(rows[i]);
        held.push_back(i);
      } else {
        trainRows.push_back(rows[i]);
        trainLabels.push_back(labels[i]);
      }
    if (heldRows.empty() || trainRows.empty()) continue;
    const auto predicted = fit(trainRows, trainLabels, heldRows, held);
    for (std::size_t m = 0; m < held.size(); ++m) raw[held[m]] = predicted[m];
  }
}

// How many rounds the labels bear, read off the labels themselves: each row's cross-fitted
// prediction after each of `checkpoints` rounds (0: `start` as it is), and the checkpoint whose
// log loss is lowest. Leaves that checkpoint's predictions in `raw` and returns its rounds
// (the last checkpoint when the rows are too few to cross-fit).
int crossFitRounds(const LabelledRows& data, const CropClassifier::TrainOptions& options,
                   StartingModel start, const std::vector<int>& checkpoints,
                   std::vector<std::vector<double>>& raw, int& groupCount) {
  const auto& features = data.rows;
  const auto& labels = data.labels;
  // atCheckpoint[c][i]: row i's cross-fitted prediction after checkpoints[c] rounds.
  std::vector<std::vector<std::vector<double>>> atCheckpoint(
      checkpoints.size(), std::vector<std::vector<double>>(features.size()));
  CropClassifier::TrainOptions most = options;
  most.rounds = checkpoints.back();
  crossFit(data, most, raw, groupCount,
           [&](const auto& rows, const auto& y, const auto& held, const auto& heldIndex) {
             Booster b;
             boost(b, {rows, y, {}, data.classes, data.columns}, most, start, [&](int n) {
               const auto at = std::find(checkpoints.begin(), checkpoints.end(), n);
               if (at == checkpoints.end()) return;
               const auto predicted = predictWith(b.get(), held, data.columns, data.classes);
               for (std::size_t m = 0; m < heldIndex.size(); ++m)
                 atCheckpoint[at - checkpoints.begin()][heldIndex[m]] = predicted[m];
             });
             std::vector<std::vector<double>> last;
             for (std::size_t i : heldIndex) last.push_back(atCheckpoint.back()[i]);
             return last;
           });
  int chosen = checkpoints.back();
  double best = INFINITY;
  for (std::size_t c = 0; c < checkpoints.size(); ++c) {
    std::vector<std::vector<double>> p;
    std::vector<int> y;
    for (std::size_t i = 0; i < features.size(); ++i)
      if (!atCheckpoint[c][i].empty()) {
        p.push_back(atCheckpoint[c][i]);
        y.push_back(labels[i]);
      }
    if (p.empty()) break;  // too few labels to cross-fit: the rounds asked for
    const double loss = logLoss(p, y);
    if (loss < best - 1e-9) {
      best = loss;
      chosen = checkpoints[c];
      raw = atCheckpoint[c];
    }
  }
  return chosen;
}

// 0 (when `withNone`), 10, 20, 40, ... below `rounds`, then `rounds`.
std::vector<int> roundCheckpoints(int rounds, bool withNone) {
  std::vector<int> checkpoints;
  if (withNone) checkpoints.push_back(0);
  for (int n = 10; n < rounds; n *= 2) checkpoints.push_back(n);
  checkpoints.push_back(std::max(rounds, withNone ? 0 : 1));
  return checkpoints;
}

// Each source's rows predicted by trees trained on the other sources (empty rows for all when
// fewer than two sources). `count` is set to the sources predicted.
std::vector<std::vector<double>> predictAcrossSources(const LabelledRows& data,
                                                      const CropClassifier::TrainOptions& options,
                                                      const std::vector<int>& sources, int& count) {
  std::vector<std::vector<double>> raw(data.rows.size());
  count = 0;
  const std::size_t distinct = sourcesAcross(sources, data.rows.size());
  if (distinct == 0) return raw;
  CropClassifier::TrainOptions perSource = options;
  perSource.calibrationFolds = static_cast<int>(distinct);  // one fold per source
  crossFit({data.rows, data.labels, sources, data.classes, data.columns}, perSource, raw, count,
           [&](const auto& rows, const auto& y, const auto& held, const auto&) {
             Booster b;
             boost(b, {rows, y, {}, data.classes, data.columns}, perSource, {});
             return predictWith(b.get(), held, data.columns, data.classes);
           });
  return raw;
}

}  // namespace

CropClassifier::CropClassifier() = default;
CropClassifier::~CropClassifier() {
  if (booster_) XGBoosterFree(booster_);
}
CropClassifier::CropClassifier(CropClassifier&& other) noexcept {
  *this = std::move(other);
}
CropClassifier& CropClassifier::operator=(CropClassifier&& other) noexcept {
  if (this != &other) {
    if (booster_) XGBoosterFree(booster_);
    booster_ = std::exchange(other.booster_, nullptr);
    classes_ = std::move(other.classes_);
    featureNames_ = std::move(other.featureNames_);
    ranges_ = std::move(other.ranges_);
    classShares_ = std::move(other.classShares_);
    curveErrorLimits_ = std::move(other.curveErrorLimits_);
    temperature_ = other.temperature_;
    temperatureSlope_ = other.temperatureSlope_;
    strangenessAt_ = other.strangenessAt_;
    baseRounds_ = other.baseRounds_;
  }
  return *this;
}

std::filesystem::path CropClassifier::shippedModel() {
  if (const char* value = std::getenv("AVIARY_SATELLITE_MODEL"); value && *value) return value;
  return SatelliteResources::directory() / "models" / "satellite_crop_model.ubj";
}

std::vector<double> CropClassifier::calibrate(const std::vector<double>& p, double temperature) {
  std::vector<double> out(p.size());
  double sum = 0;
  for (std::size_t k = 0; k < p.size(); ++k)
    sum += out[k] = std::pow(std::max(p[k], 1e-12), 1 / temperature);
  for (double& v : out) v /= sum;
  return out;
}

double CropClassifier::expectedCalibrationError(const std::vector<std::vector<double>>& p,
                                                const std::vector<int>& labels, int bins) {
  std::vector<double> confidence(bins, 0), correct(bins, 0), count(bins, 0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto best = std::max_element(p[i].begin(), p[i].end());
    const double c = *best;
    const int bin = std::clamp(static_cast<int>(c * bins), 0, bins - 1);
    confidence[bin] += c;
    correct[bin] += (best - p[i].begin()) == labels[i];
    count[bin] += 1;
  }
  double ece = 0;
  for (int b = 0; b < bins; ++b)
    if (count[b] > 0) ece += std::abs(correct[b] - confidence[b]) / p.size();
  return p.empty() ? 0 : ece;
}

namespace {

// The temperature (0.5 to 5, in steps of 0.05) that minimises the log loss of `rows`.
double bestTemperature(const std::vector<std::vector<double>>& rows, const std::vector<int>& y,
                       std::vector<double> (*calibrate)(const std::vector<double>&, double),
                       double& bestLoss) {
  double best = 1;
  bestLoss = INFINITY;
  for (double t = kMinTemperature; t <= kMaxTemperature + 1e-9; t += 0.05) {
    std::vector<std::vector<double>> p;
    for (const auto& row : rows) p.push_back(calibrate(row, t));
    const double loss = logLoss(p, y);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

// The temperature that minimises the log loss of the cross-fitted predictions, and the
// figures it gives; rows without a prediction are left out.
void fitTemperature(const std::vector<std::vector<double>>& raw, const std::vector<int>& labels,
                    CropClassifier::TrainReport& r, double& temperature,
                    std::vector<double> (*calibrate)(const std::vector<double>&, double)) {
  std::vector<std::vector<double>> rows;
  std::vector<int> y;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!raw[i].empty()) {
      rows.push_back(raw[i]);
      y.push_back(labels[i]);
    }
  r.validationRows = static_cast<int>(rows.size());
  if (rows.empty()) return;
  double bestLoss = INFINITY;
  const double best = bestTemperature(rows, y, calibrate, bestLoss);
  temperature = best;
  std::vector<std::vector<double>> p;
  int correct = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    p.push_back(calibrate(rows[i], best));
    correct += std::max_element(rows[i].begin(), rows[i].end()) - rows[i].begin() == y[i];
  }
  r.validationAccuracy = static_cast<double>(correct) / rows.size();
  r.validationLogLoss = bestLoss;
  r.temperature = best;
  r.calibrationError = CropClassifier::expectedCalibrationError(p, y);
}

// Each class's share of the labels.
std::vector<double> sharesOf(const std::vector<int>& labels, std::size_t classes) {
  std::vector<double> shares(classes, 0.0);
  for (int label : labels)
    if (label >= 0 && static_cast<std::size_t>(label) < classes) shares[label] += 1;
  for (double& share : shares) share /= std::max<std::size_t>(1, labels.size());
  return shares;
}

// Per class, the 99th percentile of the normal curves' error on its labelled rows (NaN with
// fewer than `minRows`); empty when the features have no such column.
std::vector<double> curveErrorLimitsOf(const std::vector<std::vector<float>>& features,
                                       const std::vector<int>& labels, std::size_t classes,
                                       const std::vector<std::string>& featureNames, int minRows) {
  const auto column = std::find(featureNames.begin(), featureNames.end(), kStrangeness);
  if (column == featureNames.end()) return {};
  const std::size_t j = column - featureNames.begin();
  std::vector<std::vector<float>> errors(classes);
  for (std::size_t i = 0; i < features.size() && i < labels.size(); ++i)
    if (labels[i] >= 0 && static_cast<std::size_t>(labels[i]) < classes &&
        std::isfinite(features[i][j]))
      errors[labels[i]].push_back(features[i][j]);
  std::vector<double> limits(classes, NAN);
  for (std::size_t c = 0; c < classes; ++c) {
    auto& v = errors[c];
    if (static_cast<int>(v.size()) < minRows) continue;
    const auto at = v.begin() + std::min(v.size() - 1, static_cast<std::size_t>(0.99 * v.size()));
    std::nth_element(v.begin(), at, v.end());
    limits[c] = *at;
  }
  return limits;
}

}  // namespace

CropClassifier CropClassifier::train(const std::vector<std::vector<float>>& features,
                                     const std::vector<int>& labels,
                                     const std::vector<std::string>& classes,
                                     const std::vector<std::string>& featureNames,
                                     const TrainOptions& options, TrainReport* report,
                                     const std::vector<int>& groups,
                                     const std::vector<int>& sources) {
  if (features.size() != labels.size() || features.empty())
    throw std::invalid_argument("training needs one label per feature row and at least one row");
  const std::size_t columns = featureNames.size(), k = classes.size();
  TrainReport r;
  std::vector<std::vector<double>> raw;
  // As many rounds (up to options.rounds) as the cross-fitted log loss of the labels bears:
  // a few hundred local labels are fitted with fewer trees than thousands of simulated ones.
  const LabelledRows data{features, labels, groups, k, columns};
  const std::size_t across = sourcesAcross(sources, features.size());
  const auto rounds = static_cast<std::size_t>(std::max(0, options.rounds));
  RoundCount count;
  count.planned = (crossFitFolds(options, features.size()) + 1 + across) * rounds;
  const TrainOptions counted = countedRounds(options, count);
  TrainOptions chosen = counted;
  chosen.rounds =
      crossFitRounds(data, counted, {}, roundCheckpoints(options.rounds, false), raw, r.groups);
  count.planned = count.boosted + static_cast<std::size_t>(chosen.rounds) * (1 + across);
  r.rounds = chosen.rounds;
  CropClassifier model;
  Booster final;
  boost(final, data, chosen, {});
  model.booster_ = final.release();
  model.classes_ = classes;
  model.featureNames_ = featureNames;
  model.baseRounds_ = chosen.rounds;
  model.classShares_ = sharesOf(labels, k);
  model.curveErrorLimits_ =
      curveErrorLimitsOf(features, labels, k, featureNames, kMinRowsForCurveLimit);
  fitTemperature(raw, labels, r, model.temperature_, &CropClassifier::calibrate);
  const auto acrossSources = predictAcrossSources(data, chosen, sources, r.sources);
  model.fitBatchTemperature(raw, acrossSources, features, labels, groups, r);
  r.trainRows = static_cast<int>(features.size());
  // The range of each feature in training, for telling unfamiliar parcels.
  model.ranges_.assign(columns, {NAN, NAN});
  for (std::size_t j = 0; j < columns; ++j) {
    std::vector<float> v;
    for (const auto& row : features)
      if (std::isfinite(row[j])) v.push_back(row[j]);
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
      return v[std::min(v.size() - 1, static_cast<std::size_t>(q * v.size()))];
    };
    model.ranges_[j] = {at(kRangeQuantile), at(1 - kRangeQuantile)};
  }
  model.storeMetadata();
  if (report) *report = r;
  return model;
}

CropClassifier CropClassifier::fineTune(const CropClassifier& base,
                                        const std::vector<std::vector<float>>& features,
                                        const std::vector<int>& labels, const TrainOptions& options,
                                        TrainReport* report, const std::vector<int>& groups) {
  if (!base.booster_) throw std::invalid_argument("no model to fine-tune");
  if (features.size() != labels.size() || features.empty())
    throw std::invalid_argument("fine-tuning needs one label per feature row and at least one row");
  const std::size_t columns = base.featureNames_.size(), k = base.classes_.size();
  const std::string saved = serialise(base.booster_);
  TrainReport r;
  // How many trees the local labels bear (none: the base model as it is) is read off the
  // cross-fitted log loss of the labels themselves.
  std::vector<std::vector<double>> raw;
  const LabelledRows data{features, labels, groups, k, columns};
  const StartingModel start{&saved, base.baseRounds_};
  RoundCount count;
  count.planned = (crossFitFolds(options, features.size()) + 1) *
                  static_cast<std::size_t>(std::max(0, options.rounds));
  const TrainOptions counted = countedRounds(options, count);
  TrainOptions chosen = counted;
  chosen.rounds =
      crossFitRounds(data, counted, start, roundCheckpoints(options.rounds, true), raw, r.groups);
  count.planned = count.boosted + static_cast<std::size_t>(chosen.rounds);
  r.addedRounds = chosen.rounds;
  r.rounds = base.baseRounds_ + chosen.rounds;
  CropClassifier model;
  Booster final;
  boost(final, data, chosen, start);
  model.booster_ = final.release();
  model.classes_ = base.classes_;
  model.featureNames_ = base.featureNames_;
  model.baseRounds_ = base.baseRounds_ + chosen.rounds;
  model.temperature_ = base.temperature_;
  // The trees added fit the local labels, shares and all.
  model.classShares_ = sharesOf(labels, k);
  // A crop the region's labels show missed by more than the base model's parcels were widens
  // its limit; with too few labels of it, the base model's stands.
  model.curveErrorLimits_ = base.curveErrorLimits_;
  const std::vector<double> local =
      curveErrorLimitsOf(features, labels, k, model.featureNames_, kMinRowsForCurveLimit);
  if (model.curveErrorLimits_.size() != k) model.curveErrorLimits_.assign(k, NAN);
  for (std::size_t c = 0; c < local.size(); ++c)
    if (std::isfinite(local[c]))
      model.curveErrorLimits_[c] = std::isfinite(model.curveErrorLimits_[c])
                                       ? std::max(model.curveErrorLimits_[c], local[c])
                                       : local[c];
  // The local labels calibrate the region itself: one temperature, no strangeness.
  fitTemperature(raw, labels, r, model.temperature_, &CropClassifier::calibrate);
  r.trainRows = static_cast<int>(features.size());
  // The region's own rows widen what the model has seen.
  model.ranges_ = base.ranges_;
  for (std::size_t j = 0; j < columns && j < model.ranges_.size(); ++j)
    for (const auto& row : features)
      if (std::isfinite(row[j]) && std::isfinite(model.ranges_[j].low)) {
        model.ranges_[j].low = std::min(model.ranges_[j].low, row[j]);
        model.ranges_[j].high = std::max(model.ranges_[j].high, row[j]);
      }
  model.storeMetadata();
  if (report) *report = r;
  return model;
}

void CropClassifier::storeMetadata() {
  nlohmann::json ranges = nlohmann::json::array();
  for (const Range& range : ranges_)
    ranges.push_back(std::isfinite(range.low) ? nlohmann::json::array({range.low, range.high})
                                              : nlohmann::json(nullptr));
  nlohmann::json meta = {
      {"classes", classes_},
      {"features", featureNames_},
      {"temperature", temperature_},
      {"ranges", ranges},
      {"rounds", baseRounds_},
      {"batch_temperature",
       {{"feature", kStrangeness}, {"slope", temperatureSlope_}, {"at", strangenessAt_}}}};
  if (!classShares_.empty()) meta["class_shares"] = classShares_;
  if (!curveErrorLimits_.empty()) {
    nlohmann::json limits = nlohmann::json::array();
    for (double limit : curveErrorLimits_)
      limits.push_back(std::isfinite(limit) ? nlohmann::json(limit) : nlohmann::json(nullptr));
    meta["curve_error_limits"] = limits;
  }
  check(XGBoosterSetAttr(booster_, "aviary_satellite", meta.dump().c_str()), "XGBoosterSetAttr");
}

CropClassifier CropClassifier::load(const std::filesystem::path& file, int predictThreads) {
  if (!std::filesystem::exists(file))
    throw std::runtime_error("crop model " + file.string() +
                             " not found; train one with 'aviary satellite train' or pass --model");
  CropClassifier model;
  check(XGBoosterCreate(nullptr, 0, &model.booster_), "XGBoosterCreate");
  if (XGBoosterLoadModel(model.booster_, file.c_str()) != 0) {
    // XGBoost's message runs on with its stack trace: the first line says what was wrong.
    const std::string why = XGBGetLastError();
    throw std::runtime_error(file.string() + " is not a model XGBoost can read (" +
                             why.substr(0, why.find('\n')) +
                             "); give a crop model written by 'aviary satellite train'");
  }
  const char* text = nullptr;
  int found = 0;
  check(XGBoosterGetAttr(model.booster_, "aviary_satellite", &text, &found), "XGBoosterGetAttr");
  if (!found || !text)
    throw std::runtime_error(file.string() +
                             " is an XGBoost model without Aviary's class list; "
                             "train it with 'aviary satellite train'");
  const auto meta = nlohmann::json::parse(std::string(text));
  model.classes_ = meta.at("classes").get<std::vector<std::string>>();
  model.featureNames_ = meta.at("features").get<std::vector<std::string>>();
  model.temperature_ = meta.value("temperature", 1.0);
  model.baseRounds_ = meta.value("rounds", 0);
  if (meta.contains("batch_temperature")) {
    model.temperatureSlope_ = meta["batch_temperature"].value("slope", 0.0);
    model.strangenessAt_ = meta["batch_temperature"].value("at", 0.0);
  }
  // Shares are a hint for BatchCropMix: a malformed list is dropped (even shares), not fatal.
  if (meta.contains("class_shares") && meta["class_shares"].is_array())
    for (const auto& share : meta["class_shares"])
      if (share.is_number()) model.classShares_.push_back(share.get<double>());
  if (model.classShares_.size() != model.classes_.size()) model.classShares_.clear();
  // Limits are a refinement of a fixed rule: a malformed list is dropped, not fatal.
  if (meta.contains("curve_error_limits") && meta["curve_error_limits"].is_array())
    for (const auto& limit : meta["curve_error_limits"])
      model.curveErrorLimits_.push_back(limit.is_number() ? limit.get<double>() : NAN);
  if (model.curveErrorLimits_.size() != model.classes_.size()) model.curveErrorLimits_.clear();
  if (meta.contains("ranges"))
    for (const auto& range : meta["ranges"])
      model.ranges_.push_back(range.is_array() ? Range{range[0].get<float>(), range[1].get<float>()}
                                               : Range{NAN, NAN});
  if (model.baseRounds_ == 0)
    check(XGBoosterBoostedRounds(model.booster_, &model.baseRounds_), "XGBoosterBoostedRounds");
  check(XGBoosterSetParam(model.booster_, "nthread",
                          std::to_string(std::max(1, predictThreads)).c_str()),
        "XGBoosterSetParam");
  return model;
}

void CropClassifier::save(const std::filesystem::path& file) const {
  if (!booster_) throw std::runtime_error("no model to save");
  check(XGBoosterSaveModel(booster_, file.c_str()), ("saving " + file.string()).c_str());
}

std::vector<std::vector<double>> CropClassifier::rawPredict(
    const std::vector<std::vector<float>>& rows) const {
  return predictWith(booster_, rows, featureNames_.size(), classes_.size());
}

double CropClassifier::curveErrorLimit(std::size_t classIndex) const {
  return classIndex < curveErrorLimits_.size() ? curveErrorLimits_[classIndex] : NAN;
}

double CropClassifier::strangeness(const std::vector<std::vector<float>>& rows,
                                   const std::vector<std::size_t>& which) const {
  const auto at = std::find(featureNames_.begin(), featureNames_.end(), kStrangeness);
  if (at == featureNames_.end()) return NAN;
  const std::size_t j = at - featureNames_.begin();
  std::vector<float> v;
  for (std::size_t i : which)
    if (j < rows[i].size() && std::isfinite(rows[i][j])) v.push_back(rows[i][j]);
  return upperMedian(std::move(v));
}

CropClassifier::BatchTemperature CropClassifier::batchTemperature(
    const std::vector<std::vector<float>>& rows) const {
  BatchTemperature t;
  t.temperature = temperature_;
  if (temperatureSlope_ == 0) return t;
  std::vector<std::size_t> all(rows.size());
  std::iota(all.begin(), all.end(), 0);
  t.strangeness = strangeness(rows, all);
  t.strangenessAt = strangenessAt_;
  t.perBatch = true;
  t.temperature = temperatureAt(t.strangeness);
  return t;
}

std::string CropClassifier::BatchTemperature::describe() const {
  char line[400];
  const char* effect = temperature > 1.005   ? "flattened"
                       : temperature < 0.995 ? "sharpened"
                                             : "left as the trees give them";
  if (!perBatch)
    std::snprintf(line, sizeof line,
                  "probabilities %s by the model's one temperature, %.2f, fitted on "
                  "the labels it was trained on",
                  effect, temperature);
  else if (!std::isfinite(strangeness))
    std::snprintf(line, sizeof line,
                  "no parcel had a season to read the batch's strangeness off: probabilities %s "
                  "at %.2f, the temperature of a batch as strange as the training regions' "
                  "(%.3f NDVI)",
                  effect, temperature, strangenessAt);
  else
    std::snprintf(line, sizeof line,
                  "probabilities %s at temperature %.2f, fitted on regions the "
                  "trees never saw; it rises with how far the batch's seasons stray from "
                  "crops.csv's curves (median error %.3f NDVI; the training regions' %.3f)",
                  effect, temperature, strangeness, strangenessAt);
  return line;
}

double CropClassifier::temperatureAt(double strangeness) const {
  if (!std::isfinite(strangeness)) return temperature_;
  return std::clamp(temperature_ * std::exp(temperatureSlope_ * (strangeness - strangenessAt_)),
                    kMinTemperature, kMaxTemperature);
}

// One temperature per held-out region, then log T against the region's strangeness by least
// squares weighted by the region's rows; a slope only when it makes stranger regions hotter.
// With several sources, each region is read as predicted by trees that never saw its source:
// a lender's scenes come from none of ours. Each generator left out of training in turn was
// as well or better calibrated so (0.052, 0.062, 0.020, 0.024; batch_calibration.py in
// bench/satellite) than with the regions' own predictions beside them (0.080, 0.083, 0.029,
// 0.024).
// With one source, those are all there is.
void CropClassifier::fitBatchTemperature(const std::vector<std::vector<double>>& raw,
                                         const std::vector<std::vector<double>>& acrossSources,
                                         const std::vector<std::vector<float>>& features,
                                         const std::vector<int>& labels,
                                         const std::vector<int>& groups, TrainReport& r) {
  temperatureSlope_ = 0;
  if (groups.size() != raw.size()) return;
  const bool acrossSourcesFitted =
      std::any_of(acrossSources.begin(), acrossSources.end(),
                  [](const std::vector<double>& p) { return !p.empty(); });
  const auto& predictions = acrossSourcesFitted ? acrossSources : raw;
  std::vector<double> z, logT, weight;
  std::map<int, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < predictions.size(); ++i)
    if (!predictions[i].empty()) members[groups[i]].push_back(i);
  for (const auto& [group, rows] : members) {
    if (rows.size() < kMinGroupRows) continue;
    std::vector<std::vector<double>> p;
    std::vector<int> y;
    for (std::size_t i : rows) {
      p.push_back(predictions[i]);
      y.push_back(labels[i]);
    }
    const double s = strangeness(features, rows);
    if (!std::isfinite(s)) continue;
    double loss = 0;
    z.push_back(s);
    logT.push_back(std::log(bestTemperature(p, y, &CropClassifier::calibrate, loss)));
    weight.push_back(static_cast<double>(rows.size()));
  }
  if (z.size() < 3) return;
  double sw = 0, mz = 0, mt = 0;
  for (std::size_t k = 0; k < z.size(); ++k) {
    sw += weight[k];
    mz += weight[k] * z[k];
    mt += weight[k] * logT[k];
  }
  mz /= sw;
  mt /= sw;
  double szz = 0, szt = 0;
  for (std::size_t k = 0; k < z.size(); ++k) {
    szz += weight[k] * (z[k] - mz) * (z[k] - mz);
    szt += weight[k] * (z[k] - mz) * (logT[k] - mt);
  }
  // Without a slope the single temperature stands, unless other sources' predictions call
  // for one of their own.
  if (szz > 0 && szt > 0) {
    temperatureSlope_ = szt / szz;
    strangenessAt_ = mz;
  } else if (!acrossSourcesFitted) {
    return;
  }
  temperature_ = std::exp(mt);
  r.temperature = temperature_;
  r.temperatureSlope = temperatureSlope_;
  r.strangenessAt = strangenessAt_;
  r.calibrationError = batchCalibrationError(raw, features, labels, groups, &r.validationLogLoss);
  if (acrossSourcesFitted)
    r.acrossSourcesCalibrationError =
        batchCalibrationError(acrossSources, features, labels, groups);
}

// The calibration error of `raw` with each region at its own batch temperature; rows without
// a prediction are left out.
double CropClassifier::batchCalibrationError(const std::vector<std::vector<double>>& raw,
                                             const std::vector<std::vector<float>>& features,
                                             const std::vector<int>& labels,
                                             const std::vector<int>& groups,
                                             double* logLoss) const {
  std::map<int, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (!raw[i].empty()) members[groups[i]].push_back(i);
  std::vector<std::vector<double>> p;
  std::vector<int> y;
  double loss = 0;
  for (const auto& [group, rows] : members) {
    const double t = temperatureAt(strangeness(features, rows));
    for (std::size_t i : rows) {
      p.push_back(calibrate(raw[i], t));
      y.push_back(labels[i]);
      loss -= std::log(std::max(1e-12, p.back()[labels[i]]));
    }
  }
  if (logLoss) *logLoss = y.empty() ? 0 : loss / y.size();
  return expectedCalibrationError(p, y);
}

std::vector<std::vector<double>> CropClassifier::predict(
    const std::vector<std::vector<float>>& rows, BatchTemperature* used) const {
  auto out = rawPredict(rows);
  const BatchTemperature t = batchTemperature(rows);
  for (auto& p : out) p = calibrate(p, t.temperature);
  if (used) *used = t;
  return out;
}

int CropClassifier::unfamiliarFeatures(const std::vector<float>& row) const {
  int count = 0;
  for (std::size_t j = 0; j < row.size() && j < ranges_.size(); ++j) {
    const Range& r = ranges_[j];
    if (!std::isfinite(row[j]) || !std::isfinite(r.low)) continue;
    const float margin = kRangeMargin * (r.high - r.low) + 1e-6f;
    count += row[j] < r.low - margin || row[j] > r.high + margin;
  }
  return count;
}

}  // namespace aviary::satellite
