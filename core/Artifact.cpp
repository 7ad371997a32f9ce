#include "Artifact.h"

#include <stdexcept>

namespace aviary {

const char* toString(Artifact::Kind kind) {
  switch (kind) {
    case Artifact::Kind::TimeSeries:
      return "time_series";
    case Artifact::Kind::Image:
      return "image";
    case Artifact::Kind::Graph:
      return "graph";
    case Artifact::Kind::Table:
      return "table";
  }
  return "table";
}

Artifact::Kind artifactKindFromString(const std::string& text) {
  if (text == "time_series") return Artifact::Kind::TimeSeries;
  if (text == "image") return Artifact::Kind::Image;
  if (text == "graph") return Artifact::Kind::Graph;
  if (text == "table") return Artifact::Kind::Table;
  throw std::invalid_argument("unknown artifact kind '" + text +
                              "': expected time_series, image, graph or table");
}

}  // namespace aviary
