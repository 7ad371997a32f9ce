#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "CaseFile.h"
#include "Decision.h"
#include "Evidence.h"
#include "StoredCase.h"
#include "SubmittedCase.h"

namespace aviary {

// Cases in PostgreSQL. Every write is one transaction; status changes are audited by the
// database's triggers, and this class adds the audit rows for what triggers cannot see.
class CaseRepository {
 public:
  explicit CaseRepository(std::string connectionString);

  // Idempotent by the case's idempotency key: submitting the same case again returns the
  // existing one; the same key with different content is refused.
  SubmittedCase submit(const CaseFile& caseFile);

  // Moves a submitted case to processing for this decider; false when someone else has it
  // or it is already decided.
  bool claim(std::int64_t caseId, const std::string& decider);

  // Stores the evidence, the model and rule set it used, the decision and the new status in
  // one transaction. `modelContent` is stored once per model hash and `featureCatalog` (the
  // evidence features' declarations) with the decision, so replay never depends on files or
  // plugins that may have changed since.
  void recordDecision(std::int64_t caseId, const std::vector<Evidence>& evidence,
                      const Decision& decision, const std::string& modelContent,
                      const std::string& ruleSetContent, const nlohmann::json& featureCatalog,
                      const std::string& decider);

  StoredCase load(std::int64_t caseId) const;
  std::string modelContent(const std::string& sha256) const;
  std::string ruleSetContent(const std::string& name, const std::string& version) const;

 private:
  std::string connectionString_;
};

}  // namespace aviary
