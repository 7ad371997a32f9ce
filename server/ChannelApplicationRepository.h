#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "ChannelApplication.h"
#include "Evidence.h"
#include "StoredEvidence.h"

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
  // Moves a collecting application to processing, held by `decider`, with its inputs in its
  // case file: from here it is a case like any other (a worker finishes it if we die). In the
  // same transaction, returns the latest reading of each source whose inputs hash (as
  // `inputsSha256` computes it from the locked application) is still current, as stored: its
  // artifacts' bytes stay in artifact_blobs. nullopt when it is no longer collecting.
  std::optional<std::vector<StoredEvidence>> handOver(
      std::int64_t caseId, const std::string& channel,
      const std::function<std::map<std::string, std::string>(const ChannelApplication&)>&
          inputsSha256,
      const std::string& decider, int leaseSeconds);

  // The latest decision of the case, or null when it has none.
  nlohmann::json latestDecision(std::int64_t caseId);

 private:
  ChannelApplication read(pqxx::transaction_base& tx, std::int64_t caseId,
                          const std::string& channel, bool lock);

  pqxx::connection connection_;
};

}  // namespace aviary
