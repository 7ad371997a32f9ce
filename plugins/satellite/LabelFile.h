#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "CsvTable.h"
#include "Parcel.h"

namespace aviary::satellite {

// Crop labels kept apart from the parcels, as field agents return them: a CSV with a
// parcel_id and a system column (suggest-labels' CSV with its system column filled in). A
// label is a system code or a crop's name; a name several systems share ("maize") is kept as
// it is, for train to tell the system from the scenes. Other columns are left alone.
// A bad row is listed in problems() with its line and the fix, and the others stand.
class LabelFile {
 public:
  // Throws std::runtime_error (CsvError) when the file cannot be read or lacks a column.
  static LabelFile read(const std::filesystem::path& file, const CropCalendar& calendar);

  // Gives each parcel the file labels its label, over its own properties.system; returns how
  // many it labelled.
  std::size_t applyTo(std::vector<Parcel>& parcels);
  // Ids the file labels that no parcel given to applyTo() had.
  std::vector<std::string> unmatchedIds() const;
  std::size_t labels() const { return systemById_.size(); }
  std::size_t blankRows() const { return blankRows_; }  // not labelled yet
  const std::vector<CsvProblem>& problems() const { return problems_; }
  // Non-empty when the file was not UTF-8 (CsvTable::encodingNote).
  const std::string& encodingNote() const { return encodingNote_; }

 private:
  std::map<std::string, std::string> systemById_;
  std::set<std::string> matched_;
  std::size_t blankRows_ = 0;
  std::vector<CsvProblem> problems_;
  std::string encodingNote_;
};

}  // namespace aviary::satellite
