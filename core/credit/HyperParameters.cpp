#include "HyperParameters.h"

#include <cstdio>

namespace aviary::credit {

std::vector<HyperParameters> HyperParameters::defaultGrid() {
  // Small data rewards slow learning and heavy column sampling; stumps give an additive model.
  return {
      {2, 0.02, 1, 0.6, 0.3, 5, 0},
      {3, 0.02, 3, 0.6, 0.5, 5, 0},
      {1, 0.05, 1, 0.8, 0.6, 1, 0},
  };
}

std::string HyperParameters::label() const {
  char text[160];
  std::snprintf(text, sizeof text,
                "max_depth=%d eta=%g min_child_weight=%g subsample=%g colsample_bytree=%g "
                "lambda=%g",
                maxDepth, eta, minChildWeight, subsample, colsampleByTree, lambda);
  return text;
}

nlohmann::json HyperParameters::toJson() const {
  return {{"max_depth", maxDepth},
          {"eta", eta},
          {"min_child_weight", minChildWeight},
          {"subsample", subsample},
          {"colsample_bytree", colsampleByTree},
          {"lambda", lambda},
          {"rounds", rounds}};
}

}  // namespace aviary::credit
