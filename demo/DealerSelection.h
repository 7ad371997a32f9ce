#pragma once

#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aviary::demo {

// Which firms of a simulated supply chain apply as dealers: one member of a circular-trade
// ring and one shell (so the demo shows both declines), then ordinary distributors,
// wholesalers and retailers drawn at random. Without replacement: a firm that is both a
// ring member and a shell, or drawn twice, applies once (a second application under the
// same idempotency key would be refused).
class DealerSelection {
 public:
  // `truth` is the simulator's truth.json (rings, shells, parties); `firms` the ids in its
  // firms.csv. Returns at most `count` distinct ids, the ring member and the shell first.
  static std::vector<std::string> pick(const nlohmann::json& truth,
                                       const std::set<std::string>& firms, int count,
                                       std::mt19937& random);
};

}  // namespace aviary::demo
