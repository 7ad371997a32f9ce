#include "CreditRiskModel.h"

#include "ResourceLocator.h"
#include "ScoreExplanation.h"

namespace aviary {
namespace fs = std::filesystem;

CreditRiskModel::CreditRiskModel(credit::CreditModel model) : model_(std::move(model)) {}

CreditRiskModel CreditRiskModel::load(const fs::path& path) {
  return CreditRiskModel(credit::CreditModel::load(path));
}

fs::path CreditRiskModel::defaultPath() {
  if (const char* path = std::getenv("AVIARY_MODEL"); path != nullptr && *path != '\0') return path;
  if (auto decision = ResourceLocator::existing("resources/models/decision_default.json"))
    return *decision;
  return ResourceLocator::find("resources/models/credit_default.json");
}

RiskScore CreditRiskModel::score(const Row& row) const {
  credit::CreditRow creditRow;
  for (const auto& [column, value] : row) creditRow.emplace(column, value);
  const credit::ScoreExplanation explanation = model_.contributions(creditRow);
  RiskScore score;
  score.probabilityOfDefault = explanation.probabilityOfDefault;
  // In calibrated log-odds, so the shares add up to logit(PD).
  score.bias = explanation.calibrationSlope * explanation.bias + explanation.calibrationIntercept;
  for (const auto& [column, contribution] : explanation.contributions)
    score.contributions[column] = explanation.calibrationSlope * contribution;
  return score;
}

}  // namespace aviary
