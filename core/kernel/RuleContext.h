#pragma once

#include <map>
#include <string>

namespace aviary {

// What a policy rule can look at: named numbers ("application.requested_amount_cny",
// "satellite.total_area_mu", "model.pd") and each evidence source's status.
struct RuleContext {
  std::map<std::string, double> values;
  std::map<std::string, std::string> evidenceStatus;  // source id -> ok / unavailable / failed
};

}  // namespace aviary
