#pragma once

#include <string>

#include "CsvTable.h"
#include "StoredBook.h"

namespace aviary {

// The stored cases with repayment outcomes as a training table: the applicant's own columns,
// every evidence column as "<source>.<feature>", and Status = bad (ever 90 days late or in
// default) or good. With it a lender retrains the decision model on its own history instead
// of simulated evidence.
class BookTrainingTable {
 public:
  static constexpr const char* kTarget = "Status";
  static constexpr std::size_t kMinimumRows = 200;
  static constexpr std::size_t kMinimumBad = 20;

  // Throws std::invalid_argument saying how many cases are missing when there are too few.
  static CsvTable fromBook(const std::string& connectionString, const StoredBook::Filter& filter);
};

}  // namespace aviary
