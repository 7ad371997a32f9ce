#pragma once

#include <string>
#include <vector>

#include "KindSpec.h"

namespace aviary {

// The 26 kinds of credential of spec/credentials.md and the till receipt (sales_receipt):
// their titles, keywords and fields.
class DocumentCatalog {
 public:
  static const std::vector<KindSpec>& kinds();
  static const KindSpec* find(const std::string& code);  // nullptr if unknown
  // Kinds read in Latin script too (English till receipts); the others must be Chinese.
  static bool readsLatin(const std::string& code);
};

}  // namespace aviary
