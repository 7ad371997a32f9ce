#pragma once

#include <nlohmann/json.hpp>

#include "ParcelResult.h"

namespace aviary::satellite {

// The JSON Lines object of `aviary satellite assess` (formats.md), and the time-series
// artifact the workbench draws.
class ParcelResultJson {
 public:
  static nlohmann::json line(const ParcelResult& result, const std::vector<std::string>& classes);
  static nlohmann::json timeSeries(const ParcelResult& result);
};

}  // namespace aviary::satellite
