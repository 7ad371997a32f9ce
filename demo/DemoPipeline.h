#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "CreditRiskModel.h"
#include "PluginRegistry.h"
#include "PolicyRuleSet.h"

namespace aviary::demo {

// The demo's merchants apply as they would through the channel: each case is submitted,
// its evidence is read as it arrives (and audited then), and the case is decided from the
// evidence already gathered, so the decision's own time shows apart from the reading.
// Lanes run side by side; a case that fails is referred with its error, never lost.
class DemoPipeline {
 public:
  struct Options {
    int concurrency = 2;
    std::string name = "demo";  // decider id prefix
    int leaseSeconds = 60;
    // How long each source may take to read what a merchant sends while applying ("three
    // minutes to apply").
    std::chrono::milliseconds gatheringBudget = std::chrono::minutes(3);
  };
  struct Result {
    long decided = 0;    // decided by this run
    long before = 0;     // decided by an earlier run (same idempotency key, same case)
    long elsewhere = 0;  // being decided by another worker, or left for the queue
    long failed = 0;     // referred to an underwriter with the error
  };

  DemoPipeline(std::string connectionString, const PluginRegistry& registry,
               const CreditRiskModel& model, const PolicyRuleSet& policy, Options options);

  // `onSettled` is called once per case file, whatever became of it (for a progress bar).
  Result run(const std::vector<std::filesystem::path>& caseFiles,
             const std::function<void()>& onSettled);

 private:
  void runLane(int lane, const std::vector<std::filesystem::path>& caseFiles,
               std::atomic<std::size_t>& next, const std::function<void()>& onSettled);

  std::string connectionString_;
  const PluginRegistry& registry_;
  const CreditRiskModel& model_;
  const PolicyRuleSet& policy_;
  Options options_;
  std::atomic<long> decided_{0}, before_{0}, elsewhere_{0}, failed_{0};
};

}  // namespace aviary::demo
