#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "CreditModel.h"

namespace aviary {

// Watches the book after a release: the population stability index of every model input and
// of the score against the model's training data (flagged at 0.10 and 0.25), approve, refer
// and override rates per week, and, where repayment outcomes are known, AUC, KS and the
// calibration of PD against observed defaults per segment. Says so when there is too little
// data for a figure instead of printing noise.
class PortfolioMonitor {
 public:
  static constexpr std::size_t kMinimumForDrift = 100;    // decisions
  static constexpr std::size_t kMinimumWithOutcome = 30;  // cases, per segment
  static constexpr std::size_t kMinimumPerClass = 5;      // bad and good cases, per segment

  explicit PortfolioMonitor(std::string connectionString);

  // `model`: the model whose training data is the reference; `since`: YYYY-MM-DD or empty.
  nlohmann::json run(const credit::CreditModel& model, const std::string& since,
                     int threads = 2) const;

  // The model of the latest automatic decision, or nullopt when nothing was decided yet.
  std::optional<credit::CreditModel> modelInUse() const;

 private:
  nlohmann::json weeklyRates(const std::string& since) const;

  std::string connectionString_;
};

}  // namespace aviary
