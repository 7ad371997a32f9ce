#pragma once

#include <string>
#include <vector>

#include "MaterialNeed.h"

namespace aviary {

// The materials each industry should bring (restaurant, retail shop, farm, dealer, workshop),
// most valuable to the limit first, and the industry named in a merchant's own words.
class IndustryMaterials {
 public:
  static const std::vector<std::string>& industries();
  // The materials for `industry`, sorted by limit share (largest first); an unknown
  // industry gets the materials every small business can bring.
  static std::vector<MaterialNeed> forIndustry(const std::string& industry);
  // "restaurant", "retail", "farm", "dealer", "workshop" from an answer such as "我开饭店"
  // or "a small grocery"; "" when the answer names none.
  static std::string fromAnswer(const std::string& answer);
  // The industry the documents already read point to ("" when they do not): a food
  // business licence means a restaurant, a land contract a farm ...
  static std::string fromDocumentKinds(const std::vector<std::string>& kinds);
};

}  // namespace aviary
