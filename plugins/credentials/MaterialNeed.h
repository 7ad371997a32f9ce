#pragma once

#include <string>
#include <vector>

namespace aviary {

// One material a merchant of an industry should bring: the document kinds that satisfy it
// (any one will do), the share of the full credit limit that rests on it, and why it is asked.
struct MaterialNeed {
  std::string code;                // "revenue", "utility_bills", a kind code ...
  std::vector<std::string> kinds;  // document kinds (spec/credentials.md) that satisfy it
  std::string title;               // what the merchant is asked to photograph
  double limitShare = 0.0;         // 0..1: how much of the limit this material can unlock
  std::string why;                 // told to the merchant when it is asked for
};

}  // namespace aviary
