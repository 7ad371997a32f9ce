#pragma once

#include <string>
#include <vector>

#include "CheckResult.h"
#include "DocumentReading.h"

namespace aviary {

// Checks across one merchant's documents: the name, USCC and address agree with the
// business licence (or the food licence), the lessee is the merchant or its legal
// representative, bill addresses match the lease, and nothing predates establishment.
class CrossDocumentChecks {
 public:
  static std::vector<CheckResult> run(const std::vector<DocumentReading>& readings);
};

}  // namespace aviary
