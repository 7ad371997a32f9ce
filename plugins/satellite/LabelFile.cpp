#include "LabelFile.h"

#include <stdexcept>

namespace aviary::satellite {

LabelFile LabelFile::read(const std::filesystem::path& file, const CropCalendar& calendar) {
  const CsvTable table = CsvTable::read(file);
  const int idColumn = table.columnIndex("parcel_id"), systemColumn = table.columnIndex("system");
  if (idColumn < 0 || systemColumn < 0)
    throw CsvError(file.string() +
                   " needs a parcel_id and a system column (the crop of each parcel, a system "
                   "code of crops.csv or a crop's name)");
  LabelFile labels;
  labels.problems_ = table.problems();
  labels.encodingNote_ = table.encodingNote();
  std::map<std::string, std::size_t> firstLine;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    const auto& row = table.row(r);
    const std::size_t line = table.lineOf(r);
    const std::string& id = row[idColumn];
    const std::string& label = row[systemColumn];
    if (label.empty()) {
      ++labels.blankRows_;
      continue;
    }
    if (id.empty()) {
      labels.problems_.push_back({line, "no parcel_id; give the id of the parcel labelled"});
      continue;
    }
    const auto systems = calendar.systemsNamed(label);
    if (systems.empty()) {
      labels.problems_.push_back({line, "parcel " + id + ": \"" + label +
                                            "\" names no crop of crops.csv; " +
                                            CropCalendar::kUnknownNameAdvice});
      continue;
    }
    const auto [first, isNew] = firstLine.emplace(id, line);
    if (!isNew) {
      labels.problems_.push_back({line, "parcel " + id + " is labelled again (first on line " +
                                            std::to_string(first->second) +
                                            "); the first label stands"});
      continue;
    }
    // A name several systems share ("maize") stays a name: train tells the system from the
    // parcel's scenes (TrainingSet::addCatalog).
    labels.systemById_[id] = systems.size() == 1 ? systems.front() : label;
  }
  return labels;
}

std::size_t LabelFile::applyTo(std::vector<Parcel>& parcels) {
  std::size_t labelled = 0;
  for (auto& parcel : parcels) {
    const auto it = systemById_.find(parcel.id);
    if (it == systemById_.end()) continue;
    parcel.system = it->second;
    matched_.insert(parcel.id);
    ++labelled;
  }
  return labelled;
}

std::vector<std::string> LabelFile::unmatchedIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, system] : systemById_)
    if (!matched_.count(id)) ids.push_back(id);
  return ids;
}

}  // namespace aviary::satellite
