#include "CaseWorker.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <pqxx/pqxx>

#include "CaseDecider.h"
#include "CaseRepository.h"
#include "LeaseLost.h"

namespace aviary {

CaseWorker::CaseWorker(std::string connectionString, const PluginRegistry& registry,
                       const CreditRiskModel& model, const PolicyRuleSet& policy,
                       WorkerOptions options)
    : connectionString_(std::move(connectionString)),
      registry_(registry),
      model_(model),
      policy_(policy),
      options_(std::move(options)) {
  if (options_.name.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    options_.name = std::string(host) + ":" + std::to_string(getpid());
  }
}

void CaseWorker::run() {
  CaseRepository(connectionString_)
      .checkRuleSetVersion(policy_.name(), policy_.version(), policy_.sha256());
  std::vector<std::thread> lanes;
  for (int lane = 0; lane < std::max(1, options_.concurrency); ++lane)
    lanes.emplace_back([this, lane] { runLane(lane); });
  for (auto& lane : lanes) lane.join();
}

void CaseWorker::runLane(int lane) {
  const std::string id = options_.name + "/" + std::to_string(lane);
  CaseDecider decider(connectionString_, registry_, model_, policy_);
  auto backoff = std::chrono::milliseconds(100);
  while (!stopping_) {
    std::int64_t caseId = 0;
    try {
      caseId = decider.repository().claimNext(id, options_.leaseSeconds);
      backoff = std::chrono::milliseconds(100);
      if (caseId == 0) {
        // Cases still leased by a dead worker come back when their lease expires.
        if (options_.drain && decider.repository().unfinishedCount() == 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(options_.idlePollMilliseconds));
        continue;
      }
      decider.decideClaimed(caseId, id, options_.leaseSeconds);
      ++statistics_.decided;
      if (onDecided_) onDecided_(static_cast<long>(caseId));
    } catch (const LeaseLost& error) {
      ++statistics_.leasesLost;
      spdlog::warn("{}: {}", id, error.what());
    } catch (const pqxx::broken_connection& error) {
      // The database went away: wait it out; the case's lease expires if we never return.
      ++statistics_.reconnects;
      spdlog::warn("{}: database unavailable, retrying in {} ms", id, backoff.count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    } catch (const std::exception& error) {
      spdlog::error("{}: case {} failed: {}", id, caseId, error.what());
      if (caseId == 0) continue;
      try {
        if (decider.repository().load(caseId).attempts >= options_.maximumAttempts) {
          decider.repository().referAfterError(caseId, id, error.what());
          ++statistics_.referredAfterError;
        }
      } catch (const std::exception& nested) {
        spdlog::error("{}: could not refer case {}: {}", id, caseId, nested.what());
      }
    }
  }
}

}  // namespace aviary
