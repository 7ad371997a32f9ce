#include "EvidenceCollector.h"

#include <future>
#include <thread>

#include "CaseFileError.h"

namespace aviary {

EvidenceCollector::EvidenceCollector(const PluginRegistry& registry,
                                     std::chrono::milliseconds defaultBudget)
    : defaultBudget_(defaultBudget) {
  for (const auto& source : registry.sources()) sources_[source->id()] = source;
}

void EvidenceCollector::setBudget(const std::string& sourceId, std::chrono::milliseconds budget) {
  budgets_[sourceId] = budget;
}

std::vector<std::string> EvidenceCollector::sourcesFor(const CaseFile& caseFile) const {
  std::vector<std::string> ids;
  for (const auto& [id, inputs] : caseFile.evidenceInputs) {
    if (!sources_.contains(id)) {
      std::string known;
      for (const auto& [loaded, source] : sources_) known += (known.empty() ? "" : ", ") + loaded;
      throw CaseFileError(
          "inputs." + id + " names an evidence source that is not loaded (loaded: " +
          (known.empty() ? "none" : known) + "); fix the id or check 'aviary plugins list'");
    }
    ids.push_back(id);
  }
  return ids;
}

AssessmentRequest EvidenceCollector::requestFor(const CaseFile& caseFile, const std::string& caseId,
                                                const std::string& sourceId) {
  AssessmentRequest request;
  request.caseId = caseId;
  request.merchantId = caseFile.merchantId;
  request.segment = caseFile.segment;
  request.asOf = caseFile.asOf;
  request.baseDirectory = caseFile.baseDirectory.string();
  const auto inputs = caseFile.evidenceInputs.find(sourceId);
  request.inputsJson = inputs == caseFile.evidenceInputs.end() ? "{}" : inputs->second.dump();
  return request;
}

std::vector<Evidence> EvidenceCollector::collect(const CaseFile& caseFile,
                                                 const std::string& caseId) const {
  const auto ids = sourcesFor(caseFile);
  struct Pending {
    std::string id;
    std::future<Evidence> result;
    std::chrono::milliseconds budget;
  };
  std::vector<Pending> pending;
  for (const auto& id : ids) {
    auto source = sources_.at(id);
    std::packaged_task<Evidence()> task(
        [source, request = requestFor(caseFile, caseId, id)] { return source->assess(request); });
    Pending entry{id, task.get_future(), defaultBudget_};
    if (auto budget = budgets_.find(id); budget != budgets_.end()) entry.budget = budget->second;
    // Detached: a source that overruns its budget finishes in the background and its
    // late answer is dropped; the case does not wait for it.
    std::thread(std::move(task)).detach();
    pending.push_back(std::move(entry));
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<Evidence> evidence;
  for (auto& entry : pending) {
    const auto deadline = started + entry.budget;
    if (entry.result.wait_until(deadline) == std::future_status::ready) {
      evidence.push_back(entry.result.get());
    } else {
      evidence.push_back(Evidence::failed(entry.id, caseFile.merchantId,
                                          "evidence source '" + entry.id + "' timed out after " +
                                              std::to_string(entry.budget.count()) +
                                              " ms; the case is referred"));
      evidence.back().sourceVersion = sources_.at(entry.id)->version();
    }
  }
  return evidence;
}

}  // namespace aviary
