#pragma once

#include <cstdint>
#include <map>
#include <memory>
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
// One connection per repository, opened on first use and reopened after it breaks (a
// database restart): use one repository per thread.
class CaseRepository {
 public:
  explicit CaseRepository(std::string connectionString);
  ~CaseRepository();
  CaseRepository(CaseRepository&&) noexcept;

  // Idempotent by the case's idempotency key: submitting the same case again returns the
  // existing one; the same key with different content is refused. With a channel (the
  // lender channel's API), the case starts as 'collecting', owned by that channel, and its
  // inputs arrive later, so they do not count in the comparison.
  SubmittedCase submit(const CaseFile& caseFile, const std::string& channel = {});

  // Moves a submitted case to processing for this decider; false when someone else has it
  // or it is already decided.
  bool claim(std::int64_t caseId, const std::string& decider);

  // Takes the oldest waiting case, or one whose lease expired (its worker died), with
  // FOR UPDATE SKIP LOCKED so any number of workers share the queue. 0 when none waits.
  std::int64_t claimNext(const std::string& worker, int leaseSeconds);
  // Cases submitted or being decided: a draining worker stops only when this is 0.
  long unfinishedCount();
  // Extends the lease; false when the case is no longer this worker's.
  bool renewLease(std::int64_t caseId, const std::string& worker, int leaseSeconds);

  // Stores the evidence, the model and rule set it used, the decision and the new status in
  // one transaction. `modelContent` is stored once per model hash and `featureCatalog` (the
  // evidence features' declarations) with the decision, so replay never depends on files or
  // plugins that may have changed since. Evidence of a source in `storedForms` (read back
  // as StoredEvidence) is written in that stored form, its blobs being stored already.
  void recordDecision(std::int64_t caseId, const std::vector<Evidence>& evidence,
                      const Decision& decision, const std::string& modelContent,
                      const std::string& ruleSetContent, const nlohmann::json& featureCatalog,
                      const std::string& decider,
                      const std::map<std::string, nlohmann::json>& storedForms = {});

  // Audits each piece of evidence as it arrives, before the case is decided (an applicant's
  // documents are read while they apply): one 'evidence_gathered' row per source, stamped by
  // the database's clock like the decision's own row.
  void recordEvidenceGathered(std::int64_t caseId, const std::vector<Evidence>& evidence);

  // A case that cannot be decided automatically (its evidence or data keep breaking the
  // kernel) is referred to an underwriter with the error, instead of retrying forever.
  void referAfterError(std::int64_t caseId, const std::string& decider, const std::string& error);

  // Throws when this rule set's name and version are already stored with other content,
  // so an edited policy without a new version is refused once, at start, not per case.
  void checkRuleSetVersion(const std::string& name, const std::string& version,
                           const std::string& sha256) const;

  // Readies this session for deciding with this model and rule set: stores them where the
  // database lacks them (as the first decision would) and plans a decision's statements
  // (executing nothing), so the first decision neither sends megabytes of model nor waits
  // for the catalog look-ups of a fresh connection.
  void prepareForDecisions(const std::string& modelSha256, const std::string& modelContent,
                           const std::string& ruleSetName, const std::string& ruleSetVersion,
                           const std::string& ruleSetSha256, const std::string& ruleSetContent);

  StoredCase load(std::int64_t caseId) const;
  // What deciding a case needs and no more: its row (status, case file, releases), in one
  // statement, without the evidence, decisions and audit trail load() adds for readers.
  StoredCase loadForDecision(std::int64_t caseId) const;
  std::string modelContent(const std::string& sha256) const;
  std::string ruleSetContent(const std::string& name, const std::string& version) const;

 private:
  struct Session;
  Session& session() const;

  std::string connectionString_;
  mutable std::unique_ptr<Session> session_;
};

}  // namespace aviary
