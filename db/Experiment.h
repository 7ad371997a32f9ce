#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// A champion/challenger experiment: `share` of new cases, picked reproducibly from each
// case's idempotency key and the experiment's salt, go to the challenger rule set and model.
struct Experiment {
  std::int64_t experimentId = 0;
  std::int64_t challengerRulesRelease = 0;
  std::int64_t challengerModelRelease = 0;       // 0: the champion's model
  std::string challengerRules, challengerModel;  // their versions
  double share = 0;
  std::string salt, note, startedBy, startedAt, stoppedBy, stoppedAt;

  bool running() const { return stoppedAt.empty(); }
  nlohmann::json toJson() const {
    return {{"experiment_id", experimentId},
            {"challenger_rules", challengerRules},
            {"challenger_model", challengerModel},
            {"share", share},
            {"note", note},
            {"started_by", startedBy},
            {"started_at", startedAt},
            {"stopped_by", stoppedBy},
            {"stopped_at", stoppedAt},
            {"running", running()}};
  }
};

}  // namespace aviary
