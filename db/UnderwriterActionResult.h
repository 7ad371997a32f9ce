#pragma once

#include <cstdint>
#include <string>

namespace aviary {

// What an underwriter's action wrote: the decision row (0 for notes and document requests)
// and the audit row.
struct UnderwriterActionResult {
  std::int64_t decisionId = 0;
  std::int64_t auditId = 0;
  std::string decisionKind;  // manual, override or empty
  std::string newStatus;
};

}  // namespace aviary
