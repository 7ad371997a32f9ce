#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "AdmissionGate.h"
#include "CaseDecider.h"
#include "ChannelApplicationRepository.h"
#include "ChannelTokenStore.h"
#include "CreditRiskModel.h"
#include "EvidenceCollector.h"
#include "EvidenceInputRoutes.h"
#include "PluginRegistry.h"
#include "PolicyRuleSet.h"
#include "ResourcePool.h"
#include "ServerOptions.h"
#include "UploadInspector.h"

namespace aviary {

// What the channel API does, without HTTP: open an application, take its evidence as it
// arrives (saved under the data folder, read at once by the source that takes it, the
// reading stored), hold the interview, and decide on submit from the evidence already read.
// Thread-safe: every request borrows its own database session and decider.
class ApplicationService {
 public:
  ApplicationService(std::string connectionString, const PluginRegistry& registry,
                     const CreditRiskModel& model, const PolicyRuleSet& policy,
                     ServerOptions options);

  struct Reply {
    int status = 200;
    nlohmann::json body;
    bool replayed = false;  // an Idempotency-Key seen before
  };

  // nullopt for an unknown or revoked token; answers are kept a few seconds.
  std::optional<ChannelTokenStore::Caller> authenticate(const std::string& token);

  Reply open(const std::string& channel, const std::string& idempotencyKey, std::string_view body);
  nlohmann::json putDocument(const std::string& channel, std::int64_t id, const std::string& name,
                             std::string_view bytes);
  nlohmann::json putParcels(const std::string& channel, std::int64_t id, std::string_view body);
  nlohmann::json putTrade(const std::string& channel, std::int64_t id, std::string_view body);
  nlohmann::json nextQuestion(const std::string& channel, std::int64_t id);
  nlohmann::json answer(const std::string& channel, std::int64_t id, std::string_view body);
  nlohmann::json submit(const std::string& channel, std::int64_t id);
  nlohmann::json show(const std::string& channel, std::int64_t id);

  // What GET /v1/health shows: the sources this server reads evidence with.
  nlohmann::json health() const;
  const ServerOptions& options() const { return options_; }

 private:
  struct InterviewTurn {
    std::string sourceId;
    nlohmann::json reply;  // {"question": ..., "transcript": ...}
  };
  std::filesystem::path applicationDirectory(std::int64_t id) const;
  // Adds a file to a source's inputs under the application's row lock, then reads it.
  ChannelApplication attach(const std::string& channel, std::int64_t id,
                            EvidenceInputRoutes::Route route, const std::string& fileName,
                            std::string_view bytes, const nlohmann::json& auditDetail,
                            std::string* sourceId, std::string* storedPath);
  // A turn to read evidence now, or a 503 with Retry-After when too many wait already.
  AdmissionGate::Pass admitReading();
  Evidence readNow(const ChannelApplication& application, const std::string& sourceId);
  std::string inputsSha256(const ChannelApplication& application,
                           const std::string& sourceId) const;
  EvidenceInputRoutes::Target targetFor(const ChannelApplication& application,
                                        EvidenceInputRoutes::Route route) const;
  std::optional<InterviewTurn> interviewTurn(const ChannelApplication& application) const;
  void saveTranscript(const std::string& channel, const InterviewTurn& turn, std::int64_t id);
  nlohmann::json summary(const Evidence& evidence, const ChannelApplication& application) const;
  std::string hidePaths(const std::string& text, std::int64_t id) const;

  std::string connectionString_;
  const PluginRegistry& registry_;
  ServerOptions options_;
  EvidenceInputRoutes routes_;
  UploadInspector inspector_;
  EvidenceCollector readings_;   // sources read on upload, each within its budget
  AdmissionGate readingTurns_;   // as many readings at once as cores
  AdmissionGate handOverTurns_;  // as many hand-overs at once as cores, the rest wait
  ResourcePool<ChannelApplicationRepository> sessions_;
  ResourcePool<CaseRepository> cases_;
  ResourcePool<CaseDecider> deciders_;
  std::string deciderName_;

  std::mutex tokensMutex_;
  struct KnownToken {
    std::optional<ChannelTokenStore::Caller> caller;
    std::chrono::steady_clock::time_point checked;
  };
  std::map<std::string, KnownToken> knownTokens_;  // by the token's hash, never the token
};

}  // namespace aviary
