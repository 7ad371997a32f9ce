#include "ParcelResultTable.h"

#include <cpl_conv.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace aviary::satellite {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string hazardText(const json& hazards) {
  std::string text;
  for (const auto& h : hazards) {
    std::ostringstream one;
    one << h.value("type", "") << " " << h.value("start", "") << ".." << h.value("end", "");
    if (h.contains("severity")) one << " " << h["severity"].dump();
    if (h.contains("basis")) one << " (" << h["basis"].get<std::string>() << ")";
    text += (text.empty() ? "" : "; ") + one.str();
  }
  return text;
}

void flattenInto(ordered_json& row, const std::string& prefix, const json& value) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items())
      flattenInto(row, prefix.empty() ? key : prefix + "_" + key, member);
  } else if (value.is_array()) {
    std::string text;
    for (const auto& item : value)
      text +=
          (text.empty() ? "" : " ") + (item.is_string() ? item.get<std::string>() : item.dump());
    row[prefix] = text;
  } else {
    row[prefix] = value;
  }
}

ordered_json flatten(const json& line) {
  ordered_json row;
  row["parcel_id"] = line.value("parcel_id", "");
  for (const auto& [key, value] : line.items()) {
    if (key == "parcel_id" || key == "probabilities") continue;
    if (key == "hazards") {
      row["hazards"] = hazardText(value);
      row["hazard_count"] = value.size();
    } else {
      flattenInto(row, key, value);
    }
  }
  return row;
}

std::string csvField(const ordered_json& value) {
  if (value.is_null()) return "";
  const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

json geometryOf(const Parcel& parcel) {
  if (!parcel.lonLat) return json();
  char* text = parcel.lonLat->exportToJson();
  if (!text) return json();
  json geometry = json::parse(text, nullptr, false);
  CPLFree(text);
  return geometry.is_discarded() ? json() : geometry;
}

}  // namespace

ParcelResultTable::ParcelResultTable(const std::vector<json>& lines) {
  for (const auto& line : lines) {
    rows_.push_back(flatten(line));
    for (const auto& [key, value] : rows_.back().items())
      if (std::find(columns_.begin(), columns_.end(), key) == columns_.end())
        columns_.push_back(key);
  }
  if (columns_.empty()) columns_.push_back("parcel_id");
}

void ParcelResultTable::writeCsv(std::ostream& out) const {
  for (std::size_t c = 0; c < columns_.size(); ++c) out << (c ? "," : "") << columns_[c];
  out << "\n";
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const auto it = row.find(columns_[c]);
      out << (c ? "," : "") << (it == row.end() ? "" : csvField(*it));
    }
    out << "\n";
  }
}

void ParcelResultTable::writeGeoJson(std::ostream& out, const std::vector<Parcel>& parcels) const {
  if (parcels.size() != rows_.size())
    throw std::logic_error("ParcelResultTable: one parcel per result line");
  out << "{\"type\":\"FeatureCollection\",\"features\":[\n";
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const ordered_json feature = {
        {"type", "Feature"}, {"properties", rows_[i]}, {"geometry", geometryOf(parcels[i])}};
    out << feature.dump() << (i + 1 < rows_.size() ? ",\n" : "\n");
  }
  out << "]}\n";
}

}  // namespace aviary::satellite
