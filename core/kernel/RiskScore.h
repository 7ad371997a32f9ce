#pragma once

#include <map>
#include <string>

namespace aviary {

// A probability of default and what drove it: each input column's share of the log-odds
// (TreeSHAP), positive when it raised the risk.
struct RiskScore {
  double probabilityOfDefault = 0;
  double bias = 0;
  std::map<std::string, double> contributions;
};

}  // namespace aviary
