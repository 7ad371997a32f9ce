#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "CreditRiskModel.h"
#include "PluginRegistry.h"
#include "PolicyRuleSet.h"
#include "WorkerOptions.h"
#include "WorkerStatistics.h"

namespace aviary {

// Decides queued cases from PostgreSQL. Any number of workers on any number of machines
// share one database: PostgreSQL's row locks (FOR UPDATE SKIP LOCKED) and leases coordinate
// them. A worker killed mid-case loses its lease and another decides the case; a database
// restart is waited out with backoff.
class CaseWorker {
 public:
  CaseWorker(std::string connectionString, const PluginRegistry& registry,
             const CreditRiskModel& model, const PolicyRuleSet& policy, WorkerOptions options);

  // Blocks until stop() or, with drain, until the queue is empty.
  void run();
  void stop() { stopping_ = true; }

  const WorkerStatistics& statistics() const { return statistics_; }
  // Called after each decided case with its id (for progress bars).
  void onDecided(std::function<void(long)> callback) { onDecided_ = std::move(callback); }

 private:
  void runLane(int lane);

  std::string connectionString_;
  const PluginRegistry& registry_;
  const CreditRiskModel& model_;
  const PolicyRuleSet& policy_;
  WorkerOptions options_;
  std::atomic<bool> stopping_{false};
  WorkerStatistics statistics_;
  std::function<void(long)> onDecided_;
};

}  // namespace aviary
