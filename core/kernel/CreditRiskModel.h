#pragma once

#include <filesystem>

#include "CreditModel.h"
#include "RiskModel.h"

namespace aviary {

// The kernel's RiskModel backed by an XGBoost credit model file (core/credit).
class CreditRiskModel : public RiskModel {
 public:
  explicit CreditRiskModel(credit::CreditModel model);
  static CreditRiskModel load(const std::filesystem::path& path);
  // AVIARY_MODEL, else resources/models/decision_default.json, else credit_default.json.
  static std::filesystem::path defaultPath();

  RiskScore score(const Row& row) const override;
  std::string sha256() const override { return model_.sha256(); }
  std::vector<std::string> columns() const override { return model_.featureColumns(); }
  const credit::CreditModel& model() const { return model_; }

 private:
  credit::CreditModel model_;
};

}  // namespace aviary
