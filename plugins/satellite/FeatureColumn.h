#pragma once

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace aviary::satellite {

// Where the feature `name` sits among `names` (a row's feature names). Batch features read
// parcel features by name; a missing one is a programming error, not bad input.
inline std::size_t featureColumn(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::logic_error("no crop-model feature is named '" + name + "'");
  return static_cast<std::size_t>(it - names.begin());
}

}  // namespace aviary::satellite
