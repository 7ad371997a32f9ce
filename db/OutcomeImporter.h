#pragma once

#include <filesystem>
#include <string>

#include "OutcomeImport.h"

namespace aviary {

// Records repayment outcomes per case from `case_id,as_of,status` CSV files (status one of
// current, late_30, late_90, default, repaid). A malformed row or an unknown case is
// reported with its line and the rest are recorded, in one transaction; every recorded or
// corrected outcome leaves an audit row on its case.
class OutcomeImporter {
 public:
  static constexpr const char* kStatuses[] = {"current", "late_30", "late_90", "default", "repaid"};

  explicit OutcomeImporter(std::string connectionString);

  // Throws CsvError when the file cannot be read at all or lacks a column.
  OutcomeImport import(const std::filesystem::path& csv) const;

 private:
  std::string connectionString_;
};

}  // namespace aviary
