#pragma once

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "CaseFile.h"
#include "Evidence.h"
#include "PluginRegistry.h"

namespace aviary {

// Asks every evidence source a case needs, in parallel, each within its time budget.
// A source that fails, times out or lacks inputs yields evidence that is not Ok — never an
// exception — so the kernel refers the case instead of crashing or approving silently.
class EvidenceCollector {
 public:
  explicit EvidenceCollector(const PluginRegistry& registry,
                             std::chrono::milliseconds defaultBudget = std::chrono::seconds(30));
  // Waits for sources that overran their budget: they were asked to stop (cancellation).
  ~EvidenceCollector();
  EvidenceCollector(const EvidenceCollector&) = delete;
  EvidenceCollector& operator=(const EvidenceCollector&) = delete;

  void setBudget(const std::string& sourceId, std::chrono::milliseconds budget);

  // The sources a case needs: those named under its inputs. Throws CaseFileError for an
  // id no loaded plugin provides.
  std::vector<std::string> sourcesFor(const CaseFile& caseFile) const;

  // Evidence from every source the case needs, except those in `gathered` (already read,
  // e.g. while the merchant applied), which are returned as they are.
  std::vector<Evidence> collect(const CaseFile& caseFile, const std::string& caseId,
                                const std::vector<Evidence>& gathered = {}) const;

  static AssessmentRequest requestFor(const CaseFile& caseFile, const std::string& caseId,
                                      const std::string& sourceId);

 private:
  std::map<std::string, std::shared_ptr<GuardedEvidenceSource>> sources_;
  std::chrono::milliseconds defaultBudget_;
  std::set<std::string> segments_;  // what the loaded sources serve; empty: no check
  std::map<std::string, std::chrono::milliseconds> budgets_;
  // Assessments that overran their budget, cancelled and still finishing; joined later.
  mutable std::mutex stragglersMutex_;
  struct Straggler {
    std::thread thread;
    std::future<Evidence> result;
  };
  mutable std::vector<Straggler> stragglers_;
  void reapStragglers() const;
};

}  // namespace aviary
