#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "CaseReleases.h"

namespace aviary {

// A case as the database holds it.
struct StoredCase {
  std::int64_t caseId = 0;
  std::string status;
  int attempts = 0;  // times a decider has claimed it
  std::string submittedAt;
  nlohmann::json caseFile;
  CaseReleases releases;    // the rule set, model and experiment arm it is decided with
  nlohmann::json merchant;  // from merchant_directory: ID numbers masked by role
  std::optional<nlohmann::json> automaticDecision;  // the stored decision row's inputs
  nlohmann::json evidence = nlohmann::json::array();
  nlohmann::json decisions = nlohmann::json::array();  // every decision, oldest first
  nlohmann::json audit = nlohmann::json::array();
};

}  // namespace aviary
