#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
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

  void setBudget(const std::string& sourceId, std::chrono::milliseconds budget);

  // The sources a case needs: those named under its inputs. Throws CaseFileError for an
  // id no loaded plugin provides.
  std::vector<std::string> sourcesFor(const CaseFile& caseFile) const;

  std::vector<Evidence> collect(const CaseFile& caseFile, const std::string& caseId) const;

  static AssessmentRequest requestFor(const CaseFile& caseFile, const std::string& caseId,
                                      const std::string& sourceId);

 private:
  std::map<std::string, std::shared_ptr<GuardedEvidenceSource>> sources_;
  std::chrono::milliseconds defaultBudget_;
  std::map<std::string, std::chrono::milliseconds> budgets_;
};

}  // namespace aviary
