#pragma once

#include <cstddef>
#include <vector>

#include "CsvTable.h"

namespace aviary {

// What `aviary outcome import` did with a file.
struct OutcomeImport {
  std::size_t rows = 0;              // data rows in the file
  std::size_t recorded = 0;          // new observations
  std::size_t corrected = 0;         // same case and date, new status
  std::size_t unchanged = 0;         // already recorded as they are
  std::vector<CsvProblem> problems;  // rows not recorded, with their line and the fix
};

}  // namespace aviary
