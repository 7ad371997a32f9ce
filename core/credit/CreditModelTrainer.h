#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "BinaryMetrics.h"
#include "CreditModel.h"
#include "CsvTable.h"
#include "HyperParameters.h"
#include "ReliabilityTable.h"

namespace aviary::credit {

// Training cannot proceed (no such target column, one class only, too few rows...).
class TrainingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TrainerOptions {
  CreditTarget target;
  int folds = 5;
  std::uint64_t seed = 42;
  int innerFolds = 3;
  int maxRounds = 2000;
  int earlyStoppingRounds = 100;
  std::vector<HyperParameters> grid = HyperParameters::defaultGrid();
  int threads = 0;                                   // XGBoost threads; 0 = all cores
  std::function<void(const std::string&)> progress;  // one line per step, for stderr
};

struct FoldResult {
  HyperParameters chosen;
  double innerAuc = 0;
  BinaryMetrics metrics;
};

struct TrainingResult {
  std::optional<CreditModel> model;
  std::vector<FoldResult> folds;
  // mean and sample standard deviation over the folds
  double aucMean = 0, aucSd = 0, ksMean = 0, ksSd = 0, giniMean = 0, giniSd = 0;
  BinaryMetrics pooledCalibrated;  // all out-of-fold rows, cross-fitted calibration
  ReliabilityTable reliability;    // idem
  std::vector<CsvProblem> skippedRows;
  nlohmann::json report;  // everything above, as stored in the model file
};

// Nested, stratified k-fold cross-validation of XGBoost: in each outer fold the grid and the
// number of rounds are chosen by inner CV with early stopping on the outer training rows only;
// the outer test rows score that choice. Out-of-fold margins then fit the Platt calibration,
// and a final model is tuned the same way and trained on all rows.
class CreditModelTrainer {
 public:
  explicit CreditModelTrainer(TrainerOptions options);

  TrainingResult train(const CsvTable& table) const;

  // Labels (1 = bad) of the rows with a usable target; the others are listed in `skipped`.
  static std::vector<int> labelsOf(const CsvTable& table, const CreditTarget& target,
                                   std::vector<std::size_t>& usableRows,
                                   std::vector<CsvProblem>& skipped);
  // Rows split into k folds keeping the bad rate, deterministic for a seed.
  static std::vector<std::vector<std::size_t>> stratifiedFolds(const std::vector<int>& labels,
                                                               const std::vector<std::size_t>& rows,
                                                               int folds, std::uint64_t seed);

 private:
  struct Selection {
    HyperParameters parameters;
    double auc = 0;
  };
  Selection select(const std::vector<float>& features, std::size_t columns,
                   const std::vector<int>& labels, const std::vector<std::size_t>& rows,
                   std::uint64_t seed) const;
  std::vector<std::uint8_t> fit(const std::vector<float>& features, std::size_t columns,
                                const std::vector<int>& labels,
                                const std::vector<std::size_t>& rows,
                                const HyperParameters& parameters) const;
  void say(const std::string& line) const;

  TrainerOptions options_;
};

}  // namespace aviary::credit
