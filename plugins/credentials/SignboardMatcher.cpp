#include "SignboardMatcher.h"

#include <algorithm>
#include <cmath>

#include "TextSimilarity.h"

namespace aviary {

SignboardMatcher::Match SignboardMatcher::match(const std::string& signboard, double ocrConfidence,
                                                const std::string& registeredName) {
  Match result;
  const std::string sign = TextSimilarity::organisationCore(signboard);
  const std::string name = TextSimilarity::organisationCore(registeredName);
  const auto signLength = TextSimilarity::codePoints(sign).size();
  const auto nameLength = TextSimilarity::codePoints(name).size();
  if (signLength == 0 || nameLength == 0) return result;
  // containment() is the common subsequence over the needle's length: rescale it to the
  // longer of the two, so extra characters on either side lower the score.
  const double common = TextSimilarity::containment(name, sign) * static_cast<double>(nameLength);
  result.score = common / static_cast<double>(std::max(signLength, nameLength));
  result.matches = result.score >= kBoundary;
  const double margin = std::min(1.0, std::abs(result.score - kBoundary) / 0.3);
  result.confidence = std::clamp(ocrConfidence, 0.0, 1.0) * (0.5 + 0.5 * margin);
  return result;
}

}  // namespace aviary
