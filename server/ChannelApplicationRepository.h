#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "ChannelApplication.h"
#include "Evidence.h"

namespace aviary {

// The channel API's view of applications in PostgreSQL: what a channel's application has
// gathered, the readings made on the way, and its hand-over to the decider. One session per
// object: use one per thread (see ResourcePool). Every change is one transaction that locks
// the application's row, so two uploads to one application never lose each other's input,
// and each change leaves its row in the audit log.
class ChannelApplicationRepository {
 public:
  explicit ChannelApplicationRepository(const std::string& connectionString);

  pqxx::connection& connection() { return connection_; }

  // Throws ApiProblem 404 when the application does not exist or belongs to another channel.
  ChannelApplication load(std::int64_t caseId, const std::string& channel);

  // Applies `edit` to an application that is still collecting (else ApiProblem 409), stores
  // it and audits `action` with `detail`, in one transaction.
  ChannelApplication change(std::int64_t caseId, const std::string& channel,
                            const std::function<void(ChannelApplication&)>& edit,
                            const std::string& action, const nlohmann::json& detail);

  void storeReading(std::int64_t caseId, const Evidence& evidence, const std::string& inputsSha256);
  // The latest reading of each source whose inputs hash is still the given one.
  std::vector<Evidence> currentReadings(std::int64_t caseId,
                                        const std::map<std::string, std::string>& inputsSha256);

  // Moves a collecting application to processing, held by `decider`, with its inputs in its
  // case file: from here it is a case like any other (a worker finishes it if we die).
  // False when it is no longer collecting (already submitted).
  bool handOver(std::int64_t caseId, const std::string& channel, const nlohmann::json& caseFile,
                const std::string& decider, int leaseSeconds);

  // The latest decision of the case, or null when it has none.
  nlohmann::json latestDecision(std::int64_t caseId);

 private:
  ChannelApplication read(pqxx::transaction_base& tx, std::int64_t caseId,
                          const std::string& channel, bool lock);

  pqxx::connection connection_;
};

}  // namespace aviary
