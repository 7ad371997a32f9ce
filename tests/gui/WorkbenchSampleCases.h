#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary::testing {

// A few cases of each segment, decided by the real DecisionKernel and stored through
// CaseRepository, with evidence shaped exactly as each plugin writes it (satellite parcel
// series and quicklooks, the supply-chain neighbourhood graph and purchases, credential
// readings with photos) plus one source the workbench has no dedicated tab for.
class WorkbenchSampleCases {
 public:
  struct Ids {
    std::int64_t farmerHazard = 0, farmerClean = 0, dealerRing = 0, dealerClean = 0, shopChecks = 0,
                 shopClean = 0, shopPending = 0;
  };

  static Ids seed(const std::string& connectionString);

  static nlohmann::json satelliteEvidence(bool hazard);
  static nlohmann::json supplyChainEvidence(bool ring);
  static nlohmann::json credentialEvidence(bool problems);
  static nlohmann::json bankStatementEvidence();
};

}  // namespace aviary::testing
