#include "DemoPipeline.h"

#include <algorithm>
#include <iostream>
#include <mutex>
#include <thread>

#include "CaseDecider.h"
#include "CaseFile.h"

namespace aviary::demo {

DemoPipeline::DemoPipeline(std::string connectionString, const PluginRegistry& registry,
                           const CreditRiskModel& model, const PolicyRuleSet& policy,
                           Options options)
    : connectionString_(std::move(connectionString)),
      registry_(registry),
      model_(model),
      policy_(policy),
      options_(std::move(options)) {}

DemoPipeline::Result DemoPipeline::run(const std::vector<std::filesystem::path>& caseFiles,
                                       const std::function<void()>& onSettled) {
  CaseRepository(connectionString_)
      .checkRuleSetVersion(policy_.name(), policy_.version(), policy_.sha256());
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> lanes;
  for (int lane = 0; lane < std::max(1, options_.concurrency); ++lane)
    lanes.emplace_back([&, lane] { runLane(lane, caseFiles, next, onSettled); });
  for (auto& lane : lanes) lane.join();
  return {decided_, before_, elsewhere_, failed_};
}

void DemoPipeline::runLane(int lane, const std::vector<std::filesystem::path>& caseFiles,
                           std::atomic<std::size_t>& next, const std::function<void()>& onSettled) {
  static std::mutex errorsMutex;
  const std::string decider = options_.name + "/" + std::to_string(lane);
  CaseDecider cases(connectionString_, registry_, model_, policy_);
  // Evidence gathered while the merchant applies has the application's minutes to arrive,
  // not the decision's budget (a shop's six photos take tens of seconds on a busy machine).
  for (const auto& source : registry_.sources())
    cases.collector().setBudget(source->id(), options_.gatheringBudget);
  for (std::size_t index = next++; index < caseFiles.size(); index = next++) {
    std::int64_t caseId = 0;
    try {
      const CaseFile caseFile = CaseFile::read(caseFiles[index]);
      const SubmittedCase submitted = cases.repository().submit(caseFile);
      caseId = submitted.caseId;
      if (submitted.status != "submitted") {
        ++(submitted.status == "processing" ? elsewhere_ : before_);
      } else if (!cases.repository().claim(caseId, decider)) {
        ++elsewhere_;  // a worker sharing this database took it
      } else {
        // The merchant applies: each source reads its evidence as it arrives.
        const auto evidence = cases.collector().collect(caseFile, std::to_string(caseId));
        cases.repository().recordEvidenceGathered(caseId, evidence);
        // Submitted: decided from what was gathered.
        cases.decideClaimed(caseId, decider, options_.leaseSeconds, evidence);
        ++decided_;
      }
    } catch (const std::exception& error) {
      ++failed_;
      {
        std::lock_guard lock(errorsMutex);
        std::cerr << "\n" << caseFiles[index].filename().string() << ": " << error.what() << "\n";
      }
      if (caseId != 0) try {
          cases.repository().referAfterError(caseId, decider, error.what());
        } catch (const std::exception& nested) {
          std::lock_guard lock(errorsMutex);
          std::cerr << "case " << caseId << " could not be referred: " << nested.what()
                    << "; 'aviary worker' will retry it\n";
        }
    }
    onSettled();
  }
}

}  // namespace aviary::demo
