#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "CaseFile.h"
#include "Decision.h"
#include "Evidence.h"
#include "FeatureDescriptor.h"

namespace aviary {

// One automatically decided case of the stored book, with what the kernel needs to decide it
// again: the case file, the evidence features, the feature catalog it was decided with and
// the decision it got.
struct BookEntry {
  std::int64_t caseId = 0;
  std::string segment;
  std::string decidedAt;  // YYYY-MM-DD HH:MM:SS...
  std::string arm;        // champion / challenger, or empty
  CaseFile caseFile;
  std::vector<Evidence> evidence;  // status and features only
  Decision decision;
  const std::map<std::string, FeatureDescriptor>* catalog = nullptr;
  std::optional<bool> bad;  // repayment: ever 90 days late or in default; nullopt if unknown
};

}  // namespace aviary
