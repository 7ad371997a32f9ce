#pragma once

#include <string>
#include <vector>

#include "CaseQueueRow.h"

namespace aviary {

// Reads the underwriter's queue in one query: every case with its merchant (through
// merchant_directory, so any role may read it) and its latest decision.
class CaseQueueReader {
 public:
  explicit CaseQueueReader(std::string connectionString);
  std::vector<CaseQueueRow> read() const;

 private:
  std::string connectionString_;
};

}  // namespace aviary
