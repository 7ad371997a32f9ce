#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "CreditRow.h"
#include "FeatureEncoder.h"
#include "ProbabilityCalibrator.h"
#include "ScoreExplanation.h"

namespace aviary {
class CsvTable;
}

namespace aviary::credit {

class BoosterPool;

// A model file that cannot be used: unreadable, corrupt, edited, or another format version.
// The message says what to do.
class CreditModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the model predicts: the probability that `column` equals `badLabel`.
struct CreditTarget {
  std::string column;
  std::string badLabel;
};

// A trained, calibrated credit model: feature transformation + XGBoost booster + Platt
// calibration + its training report, stored as one JSON file with a SHA-256 of its content.
// Scoring is thread-safe and scores a row exactly as training encoded it.
class CreditModel {
 public:
  static constexpr int kFormatVersion = 1;
  static constexpr const char* kFormatName = "aviary-credit-model";

  CreditModel(FeatureEncoder encoder, std::vector<std::uint8_t> boosterUbj,
              ProbabilityCalibrator calibrator, CreditTarget target, nlohmann::json report);

  static CreditModel load(const std::filesystem::path& path);
  static CreditModel fromJsonText(std::string_view text, const std::string& sourceName);
  void save(const std::filesystem::path& path) const;
  // The file content; sha256() is the hash of its canonical form without the "sha256" key.
  std::string toJsonText() const;
  const std::string& sha256() const { return sha256_; }

  // The original input columns, in training order (evidence columns are just more of them).
  std::vector<std::string> featureColumns() const;
  const FeatureEncoder& encoder() const { return encoder_; }
  const ProbabilityCalibrator& calibrator() const { return calibrator_; }
  const CreditTarget& target() const { return target_; }
  const nlohmann::json& trainingReport() const { return report_; }

  // Throws FeatureError when a numeric column holds text.
  double probabilityOfDefault(const CreditRow& row) const;
  double margin(const CreditRow& row) const;
  std::vector<double> probabilitiesOfDefault(const std::vector<CreditRow>& rows) const;
  // Rows already encoded by encoder(), row-major.
  std::vector<double> probabilitiesOfDefault(const std::vector<float>& encoded) const;
  std::vector<double> margins(const std::vector<float>& encoded) const;
  ScoreExplanation contributions(const CreditRow& row) const;

  // The same model with its training data's distribution (ReferenceDistribution::forTable)
  // in its report, for models trained before monitoring existed. The hash follows the content.
  CreditModel withReferenceDistribution(nlohmann::json reference) const;

 private:
  nlohmann::json content() const;

  FeatureEncoder encoder_;
  ProbabilityCalibrator calibrator_;
  CreditTarget target_;
  nlohmann::json report_;
  std::shared_ptr<BoosterPool> boosters_;
  std::string xgboostVersion_;
  std::string sha256_;
};

}  // namespace aviary::credit
