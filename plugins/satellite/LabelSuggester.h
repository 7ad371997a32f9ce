#pragma once

#include <string>
#include <vector>

#include "ParcelResult.h"

namespace aviary::satellite {

// Names the parcels whose labels would teach the crop model most about a region
// (uncertainty sampling): parcels it finds unfamiliar first, then those whose two likeliest
// crops are closest, spread over the pairs of crops it confuses so that one confusion does
// not take every label. Plots seen mostly through their neighbours (mixed_pixels) come last.
class LabelSuggester {
 public:
  struct Suggestion {
    std::string parcelId;
    std::string likeliest, runnerUp;
    double probability = 0, runnerUpProbability = 0;
    std::vector<std::string> flags;
  };

  // `classes` in the order of the results' probabilities; at most `count` suggestions, most
  // useful first. Parcels with an error are skipped.
  static std::vector<Suggestion> suggest(const std::vector<ParcelResult>& results,
                                         const std::vector<std::string>& classes, int count);
};

}  // namespace aviary::satellite
