#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace aviary::satellite {

// Gradient-boosted trees (XGBoost C API, multi:softprob) over the time-series features,
// with a temperature fitted on held-out parcels so that probabilities are calibrated.
// The class list, feature names and temperature travel inside the model file.
class CropClassifier {
 public:
  struct TrainOptions {
    int rounds = 150;
    int maxDepth = 5;
    double eta = 0.15;
    int threads = 2;
    unsigned seed = 1;
    double validationShare = 0.15;
  };
  struct TrainReport {
    int trainRows = 0, validationRows = 0;
    double validationAccuracy = 0, validationLogLoss = 0, temperature = 1;
  };

  CropClassifier();
  ~CropClassifier();
  CropClassifier(CropClassifier&& other) noexcept;
  CropClassifier& operator=(CropClassifier&& other) noexcept;
  CropClassifier(const CropClassifier&) = delete;
  CropClassifier& operator=(const CropClassifier&) = delete;

  // Rows of `features` (names in `featureNames`) labelled with indices into `classes`.
  static CropClassifier train(const std::vector<std::vector<float>>& features,
                              const std::vector<int>& labels,
                              const std::vector<std::string>& classes,
                              const std::vector<std::string>& featureNames,
                              const TrainOptions& options, TrainReport* report = nullptr);
  static CropClassifier load(const std::filesystem::path& file);
  static std::filesystem::path shippedModel();
  void save(const std::filesystem::path& file) const;

  // One calibrated probability row per input row, in the order of classes().
  std::vector<std::vector<double>> predict(const std::vector<std::vector<float>>& features) const;
  const std::vector<std::string>& classes() const { return classes_; }
  const std::vector<std::string>& featureNames() const { return featureNames_; }
  bool loaded() const { return booster_ != nullptr; }

 private:
  std::vector<std::vector<double>> rawPredict(const std::vector<std::vector<float>>& rows) const;
  static std::vector<double> calibrate(const std::vector<double>& p, double temperature);

  void* booster_ = nullptr;
  std::vector<std::string> classes_, featureNames_;
  double temperature_ = 1;
};

}  // namespace aviary::satellite
