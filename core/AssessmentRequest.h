#pragma once

#include <memory>
#include <string>

#include "CancellationToken.h"

namespace aviary {

// A request for evidence about one merchant.
// `inputsJson` is the JSON object from the case file's inputs.<source id>; paths in it are
// resolved against `baseDirectory`.
struct AssessmentRequest {
  std::string caseId;
  std::string merchantId;
  std::string segment;  // farmer, dealer, shop
  std::string asOf;     // YYYY-MM-DD; evidence is judged as of this day
  std::string baseDirectory;
  std::string inputsJson;
  // Set by the host when the source overruns its budget; check it between units of work.
  std::shared_ptr<const CancellationToken> cancellation;

  bool cancelled() const { return cancellation && cancellation->cancelled(); }
};

}  // namespace aviary
