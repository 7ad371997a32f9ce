#include "DealerSelection.h"

#include <algorithm>

namespace aviary::demo {

std::vector<std::string> DealerSelection::pick(const nlohmann::json& truth,
                                               const std::set<std::string>& firms, int count,
                                               std::mt19937& random) {
  std::vector<std::string> picked;
  std::set<std::string> taken;
  const auto take = [&](const std::string& id) {
    if (static_cast<int>(picked.size()) >= count || !firms.contains(id) || taken.contains(id))
      return false;
    taken.insert(id);
    picked.push_back(id);
    return true;
  };
  for (const auto& ring : truth.value("rings", nlohmann::json::array()))
    if (!ring.empty() && ring[0].is_string() && take(ring[0].get<std::string>())) break;
  for (const auto& shell : truth.value("shells", nlohmann::json::array()))
    if (shell.is_string() && take(shell.get<std::string>())) break;
  std::vector<std::string> ordinary;
  const nlohmann::json parties = truth.value("parties", nlohmann::json::object());
  for (const auto& [id, party] : parties.items()) {
    const std::string role = party.value("role", "");
    if (role == "distributor" || role == "wholesaler" || role == "retailer") ordinary.push_back(id);
  }
  std::shuffle(ordinary.begin(), ordinary.end(), random);
  for (const auto& id : ordinary) take(id);
  return picked;
}

}  // namespace aviary::demo
