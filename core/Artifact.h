#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace aviary {

// Something the workbench can show: a time series, an image, a graph or a table.
// `data` holds structured content as JSON text; `bytes` holds encoded media (PNG, JPEG).
struct Artifact {
  enum class Kind { TimeSeries, Image, Graph, Table };
  Kind kind = Kind::Table;
  std::string name;       // stable key, e.g. "ndvi_series:p17"
  std::string title;      // caption for people
  std::string mediaType;  // "application/json", "image/png", ...
  std::string data;       // JSON text for series, graphs and tables
  std::vector<std::uint8_t> bytes;
};

const char* toString(Artifact::Kind kind);
Artifact::Kind artifactKindFromString(const std::string& text);

}  // namespace aviary
