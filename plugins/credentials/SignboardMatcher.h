#pragma once

#include <string>

namespace aviary {

// Does the name on a signboard (as OCR read it) name the registered business? Shops put
// the distinctive part of their name on the board ("鸿运超市" for "杭州鸿运超市有限公司"), so
// both are reduced to that core and compared character by character, tolerating a misread
// or dropped character or two.
class SignboardMatcher {
 public:
  struct Match {
    double score = 0.0;  // longest common subsequence over the longer core, 0..1
    bool matches = false;
    double confidence = 0.0;  // how far the score is from the boundary, times the OCR's
  };
  // Names share trade words (便利店, 超市): 3 of 5 characters in common is another shop.
  static constexpr double kBoundary = 0.7;
  static Match match(const std::string& signboard, double ocrConfidence,
                     const std::string& registeredName);
};

}  // namespace aviary
