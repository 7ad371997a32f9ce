#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "Experiment.h"

namespace aviary {

// Starts, stops and reports champion/challenger experiments. At most one runs at a time;
// cases submitted while it runs record their arm (see CaseRepository::submit), and so does
// every decision made on them.
class ExperimentRepository {
 public:
  explicit ExperimentRepository(std::string connectionString);

  // The challenger is a proposed or approved rule-set version, and optionally a model
  // version. Throws std::invalid_argument saying what to do.
  Experiment start(const std::string& challengerRules, const std::string& challengerModel,
                   double share, const std::string& note);
  // Throws std::invalid_argument when none runs.
  Experiment stop();
  std::optional<Experiment> running() const;
  // The running experiment, else the one stopped last.
  std::optional<Experiment> latest() const;

  // Per arm: cases, decisions, approve/decline/refer rates, limits, mean PD and, where
  // repayment outcomes are known, the bad rate.
  nlohmann::json report(const Experiment& experiment) const;

  // "challenger" for the given share of keys, reproducibly for a salt; else "champion".
  static std::string armFor(const std::string& salt, const std::string& idempotencyKey,
                            double share);

 private:
  std::string connectionString_;
};

}  // namespace aviary
