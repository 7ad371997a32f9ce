#include "EvidenceCollector.h"

#include <algorithm>
#include <future>
#include <thread>

#include "CaseFileError.h"

namespace aviary {

EvidenceCollector::EvidenceCollector(const PluginRegistry& registry,
                                     std::chrono::milliseconds defaultBudget)
    : defaultBudget_(defaultBudget) {
  for (const auto& source : registry.sources()) sources_[source->id()] = source;
  segments_ = registry.segments();
}

void EvidenceCollector::setBudget(const std::string& sourceId, std::chrono::milliseconds budget) {
  budgets_[sourceId] = budget;
}

std::vector<std::string> EvidenceCollector::sourcesFor(const CaseFile& caseFile) const {
  if (!segments_.empty() && !segments_.contains(caseFile.segment)) {
    std::string served;
    for (const auto& segment : segments_) served += (served.empty() ? "" : ", ") + segment;
    throw CaseFileError("merchant.segment '" + caseFile.segment +
                        "' is unknown: no loaded evidence source serves it (served: " + served +
                        ")");
  }
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

EvidenceCollector::~EvidenceCollector() {
  std::lock_guard lock(stragglersMutex_);
  for (auto& straggler : stragglers_) straggler.thread.join();
}

void EvidenceCollector::reapStragglers() const {
  std::lock_guard lock(stragglersMutex_);
  std::erase_if(stragglers_, [](Straggler& straggler) {
    if (straggler.result.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
      return false;
    straggler.thread.join();
    return true;
  });
}

std::vector<Evidence> EvidenceCollector::collect(const CaseFile& caseFile,
                                                 const std::string& caseId,
                                                 const std::vector<Evidence>& gathered) const {
  reapStragglers();
  const auto ids = sourcesFor(caseFile);
  struct Pending {
    std::string id;
    std::future<Evidence> result;
    std::chrono::milliseconds budget;
    std::shared_ptr<CancellationToken> cancellation;
    std::thread thread;
  };
  std::vector<Pending> pending;
  std::vector<Evidence> evidence;
  for (const auto& id : ids) {
    const auto already = std::find_if(gathered.begin(), gathered.end(),
                                      [&](const Evidence& item) { return item.sourceId == id; });
    if (already != gathered.end()) {
      evidence.push_back(*already);
      continue;
    }
    auto source = sources_.at(id);
    auto request = requestFor(caseFile, caseId, id);
    auto cancellation = std::make_shared<CancellationToken>();
    request.cancellation = cancellation;
    std::packaged_task<Evidence()> task(
        [source, request = std::move(request)] { return source->assess(request); });
    Pending entry{id, task.get_future(), defaultBudget_, cancellation, {}};
    if (auto budget = budgets_.find(id); budget != budgets_.end()) entry.budget = budget->second;
    entry.thread = std::thread(std::move(task));
    pending.push_back(std::move(entry));
  }
  const auto started = std::chrono::steady_clock::now();
  for (auto& entry : pending) {
    const auto deadline = started + entry.budget;
    if (entry.result.wait_until(deadline) == std::future_status::ready) {
      entry.thread.join();
      evidence.push_back(entry.result.get());
      continue;
    }
    // Overran: asked to stop, and joined later, so no thread is ever abandoned.
    entry.cancellation->cancel();
    {
      std::lock_guard lock(stragglersMutex_);
      stragglers_.push_back({std::move(entry.thread), std::move(entry.result)});
    }
    evidence.push_back(Evidence::failed(entry.id, caseFile.merchantId,
                                        "evidence source '" + entry.id + "' timed out after " +
                                            std::to_string(entry.budget.count()) +
                                            " ms; the case is referred"));
    evidence.back().sourceVersion = sources_.at(entry.id)->version();
  }
  return evidence;
}

}  // namespace aviary
