#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "CreditRiskModel.h"
#include "PolicyRuleSet.h"
#include "StoredBook.h"

namespace aviary {

// Re-decides the stored book with a candidate rule set and/or model, from each case's stored
// evidence, and compares every case with the decision actually made (BacktestReport).
class Backtester {
 public:
  struct Options {
    StoredBook::Filter filter;
    int threads = 2;
    std::size_t sampleSize = 20;
    // Called now and then with (cases done, cases in all); for a progress bar.
    std::function<void(std::size_t, std::size_t)> progress;
  };

  explicit Backtester(std::string connectionString);

  // `candidateModel` null: each case keeps the model it was decided with. Cases whose
  // stored inputs cannot be decided again are listed under "skipped" with the reason.
  nlohmann::json run(const PolicyRuleSet& candidate, const CreditRiskModel* candidateModel,
                     const Options& options) const;

  // Keeps the summary for the workbench's Portfolio view; returns its id.
  std::int64_t store(const nlohmann::json& summary, const PolicyRuleSet& candidate,
                     const CreditRiskModel* candidateModel, const StoredBook::Filter& filter) const;

 private:
  std::string connectionString_;
};

}  // namespace aviary
