#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aviary {

// One case as the workbench queue lists it: the merchant, the request and the latest decision.
struct CaseQueueRow {
  std::int64_t caseId = 0;
  std::string merchantName;
  std::string segment;
  std::string uscc;
  double requestedAmountCny = 0;
  std::string status;
  std::string submittedAt;   // ISO 8601, UTC
  std::string outcome;       // latest decision's outcome, empty before any
  std::string decisionKind;  // automatic, manual, override
  std::optional<double> limitCny;
  std::optional<double> annualRate;
  std::optional<double> probabilityOfDefault;
  std::vector<std::string>
      referralReasons;  // "R003 A document failed a check ..." of the automatic decision
};

}  // namespace aviary
