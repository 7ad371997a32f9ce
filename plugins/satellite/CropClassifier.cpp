#include "CropClassifier.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <stdexcept>

#include "ResourceLocator.h"

namespace aviary::satellite {
namespace {

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
                                    " values, the model expects " + std::to_string(columns));
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

// XGBoost's prediction buffer is per thread and reused by the next call: one call at a time,
// copied out before returning.
std::mutex& predictMutex() {
  static std::mutex m;
  return m;
}

double logLoss(const std::vector<std::vector<double>>& p, const std::vector<int>& y) {
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) sum -= std::log(std::max(1e-12, p[i][y[i]]));
  return y.empty() ? 0 : sum / y.size();
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
    temperature_ = other.temperature_;
  }
  return *this;
}

std::filesystem::path CropClassifier::shippedModel() {
  return ResourceLocator::find("resources/models/satellite_crop_model.json",
                               "AVIARY_SATELLITE_MODEL");
}

std::vector<double> CropClassifier::calibrate(const std::vector<double>& p, double temperature) {
  std::vector<double> out(p.size());
  double sum = 0;
  for (std::size_t k = 0; k < p.size(); ++k)
    sum += out[k] = std::pow(std::max(p[k], 1e-12), 1 / temperature);
  for (double& v : out) v /= sum;
  return out;
}

CropClassifier CropClassifier::train(const std::vector<std::vector<float>>& features,
                                     const std::vector<int>& labels,
                                     const std::vector<std::string>& classes,
                                     const std::vector<std::string>& featureNames,
                                     const TrainOptions& options, TrainReport* report) {
  if (features.size() != labels.size() || features.empty())
    throw std::invalid_argument("training needs one label per feature row and at least one row");
  std::vector<std::size_t> order(features.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 rng(options.seed);
  std::shuffle(order.begin(), order.end(), rng);
  const std::size_t validation =
      features.size() >= 50 ? static_cast<std::size_t>(options.validationShare * features.size())
                            : 0;
  std::vector<std::vector<float>> trainRows, validRows;
  std::vector<float> trainLabels;
  std::vector<int> validLabels;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    if (k < validation) {
      validRows.push_back(features[i]);
      validLabels.push_back(labels[i]);
    } else {
      trainRows.push_back(features[i]);
      trainLabels.push_back(static_cast<float>(labels[i]));
    }
  }
  Matrix train(trainRows, featureNames.size());
  check(XGDMatrixSetFloatInfo(train.get(), "label", trainLabels.data(), trainLabels.size()),
        "XGDMatrixSetFloatInfo");
  CropClassifier model;
  DMatrixHandle cache[] = {train.get()};
  check(XGBoosterCreate(cache, 1, &model.booster_), "XGBoosterCreate");
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "multi:softprob"},
      {"num_class", std::to_string(classes.size())},
      {"max_depth", std::to_string(options.maxDepth)},
      {"eta", std::to_string(options.eta)},
      {"subsample", "0.8"},
      {"colsample_bytree", "0.6"},
      {"min_child_weight", "2"},
      {"tree_method", "hist"},
      {"nthread", std::to_string(options.threads)},
      {"seed", std::to_string(options.seed)},
      {"eval_metric", "mlogloss"}};
  for (const auto& [k, v] : params)
    check(XGBoosterSetParam(model.booster_, k.c_str(), v.c_str()), "XGBoosterSetParam");
  for (int round = 0; round < options.rounds; ++round)
    check(XGBoosterUpdateOneIter(model.booster_, round, train.get()), "XGBoosterUpdateOneIter");
  model.classes_ = classes;
  model.featureNames_ = featureNames;

  TrainReport r;
  r.trainRows = static_cast<int>(trainRows.size());
  r.validationRows = static_cast<int>(validRows.size());
  if (!validRows.empty()) {
    const auto raw = model.rawPredict(validRows);
    // Temperature scaling: the one parameter that minimises held-out log loss.
    double best = 1, bestLoss = INFINITY;
    for (double t = 0.5; t <= 3.0; t += 0.05) {
      std::vector<std::vector<double>> p;
      for (const auto& row : raw) p.push_back(calibrate(row, t));
      const double loss = logLoss(p, validLabels);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = t;
      }
    }
    model.temperature_ = best;
    int correct = 0;
    for (std::size_t i = 0; i < raw.size(); ++i)
      correct += std::max_element(raw[i].begin(), raw[i].end()) - raw[i].begin() == validLabels[i];
    r.validationAccuracy = static_cast<double>(correct) / raw.size();
    r.validationLogLoss = bestLoss;
    r.temperature = best;
  }
  nlohmann::json meta = {
      {"classes", classes}, {"features", featureNames}, {"temperature", model.temperature_}};
  check(XGBoosterSetAttr(model.booster_, "aviary_satellite", meta.dump().c_str()),
        "XGBoosterSetAttr");
  if (report) *report = r;
  return model;
}

CropClassifier CropClassifier::load(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file))
    throw std::runtime_error("crop model " + file.string() +
                             " not found; train one with 'aviary satellite train' or pass --model");
  CropClassifier model;
  check(XGBoosterCreate(nullptr, 0, &model.booster_), "XGBoosterCreate");
  check(XGBoosterLoadModel(model.booster_, file.c_str()), ("loading " + file.string()).c_str());
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
  check(XGBoosterSetParam(model.booster_, "nthread", "1"), "XGBoosterSetParam");
  return model;
}

void CropClassifier::save(const std::filesystem::path& file) const {
  if (!booster_) throw std::runtime_error("no model to save");
  check(XGBoosterSaveModel(booster_, file.c_str()), ("saving " + file.string()).c_str());
}

std::vector<std::vector<double>> CropClassifier::rawPredict(
    const std::vector<std::vector<float>>& rows) const {
  std::vector<std::vector<double>> out;
  if (rows.empty()) return out;
  Matrix m(rows, featureNames_.size());
  std::lock_guard lock(predictMutex());
  bst_ulong length = 0;
  const float* result = nullptr;
  check(XGBoosterPredict(booster_, m.get(), 0, 0, 0, &length, &result), "XGBoosterPredict");
  const std::size_t k = classes_.size();
  if (length != rows.size() * k) throw std::runtime_error("XGBoost returned an unexpected shape");
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.emplace_back(result + i * k, result + (i + 1) * k);
  return out;
}

std::vector<std::vector<double>> CropClassifier::predict(
    const std::vector<std::vector<float>>& rows) const {
  auto out = rawPredict(rows);
  for (auto& p : out) p = calibrate(p, temperature_);
  return out;
}

}  // namespace aviary::satellite
