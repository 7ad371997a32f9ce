#pragma once

#include <string>
#include <vector>

#include "KindSpec.h"

namespace aviary {

// The 26 kinds of credential, their titles, keywords and fields (spec/credentials.md).
class DocumentCatalog {
 public:
  static const std::vector<KindSpec>& kinds();
  static const KindSpec* find(const std::string& code);  // nullptr if unknown
};

}  // namespace aviary
