#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "Decision.h"

namespace aviary {

// What a candidate rule set or model would have done to the stored book: for every case the
// decision actually made beside the one the candidate makes from the same stored evidence.
// Rates, limits and PD per segment, old and new; outcome changes by direction; rules that
// fire differently; and a sample of changed cases with the reasons.
class BacktestReport {
 public:
  explicit BacktestReport(std::size_t sampleSize = 20) : sampleSize_(sampleSize) {}

  void add(std::int64_t caseId, const std::string& segment, const Decision& actual,
           const Decision& candidate);
  // Merges a report built on another thread; samples are kept in case order.
  void merge(const BacktestReport& other);

  std::size_t cases() const { return cases_; }
  std::size_t changed() const { return changed_; }
  nlohmann::json toJson() const;

 private:
  struct Totals {
    std::size_t cases = 0, approve = 0, decline = 0, refer = 0;
    double limitCny = 0, pdSum = 0;
    void add(const Decision& decision);
    void merge(const Totals& other);
    nlohmann::json toJson() const;
  };
  struct RuleCounts {
    std::size_t actual = 0, candidate = 0, onlyActual = 0, onlyCandidate = 0;
  };
  struct ChangedCase {
    std::int64_t caseId = 0;
    std::string segment, from, to;
    double limitFrom = 0, limitTo = 0, pdFrom = 0, pdTo = 0;
    std::vector<std::string> newRules, droppedRules, reasons;
  };

  std::size_t sampleSize_;
  std::size_t cases_ = 0, changed_ = 0;
  std::map<std::string, std::pair<Totals, Totals>> segments_;  // actual, candidate
  std::map<std::string, std::size_t> segmentChanged_;
  std::map<std::string, std::size_t> transitions_;  // "approve->refer"
  std::map<std::string, RuleCounts> rules_;
  std::map<std::string, std::string> ruleTexts_;
  std::vector<ChangedCase> sample_;
};

}  // namespace aviary
