#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aviary {

// One thing an underwriter does to a case from the workbench.
struct UnderwriterAction {
  enum class Kind { Approve, Decline, ChangeTerms, RequestDocuments, AddNote };
  Kind kind = Kind::AddNote;
  std::int64_t caseId = 0;
  std::string underwriter;             // who acts; empty means the database user
  std::string reason;                  // mandatory for decisions; the note's text for AddNote
  std::optional<double> limitCny;      // Approve / ChangeTerms; default: the latest decision's
  std::optional<double> annualRate;    // Approve / ChangeTerms; default: the latest decision's
  std::string secondApprover;          // needed when a decision's limit is above the threshold
  std::vector<std::string> documents;  // RequestDocuments: what the merchant should bring
};

const char* toString(UnderwriterAction::Kind kind);

}  // namespace aviary
