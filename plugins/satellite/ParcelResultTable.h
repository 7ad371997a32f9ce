#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "Parcel.h"

namespace aviary::satellite {

// `assess` results for a spreadsheet (CSV) or a map (GeoJSON, each parcel's polygon with its
// result, for QGIS), beside the JSON Lines of the contract. A line's members become columns:
// nested objects as parent_child, lists of names joined by spaces, hazards as
// "type start..end severity" joined by "; ". The probabilities stay in the JSON Lines.
class ParcelResultTable {
 public:
  // One row per result line (ParcelResultJson::line), in the lines' order.
  explicit ParcelResultTable(const std::vector<nlohmann::json>& lines);

  // A header of every column any row has (parcel_id first), then one row per line.
  void writeCsv(std::ostream& out) const;
  // A FeatureCollection of `parcels` (in the order of the lines) in WGS 84, each with its row
  // as properties; a parcel refused for its geometry has none.
  void writeGeoJson(std::ostream& out, const std::vector<Parcel>& parcels) const;

 private:
  std::vector<nlohmann::ordered_json> rows_;
  std::vector<std::string> columns_;
};

}  // namespace aviary::satellite
