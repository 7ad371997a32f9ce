#pragma once

#include <map>
#include <string>

namespace aviary::credit {

// One applicant's score and why: TreeSHAP contributions of each ORIGINAL column (one-hot
// levels folded back into their column) in the booster's log-odds. bias + the sum of the
// contributions equals margin; the calibrated log-odds are calibrationSlope * margin +
// calibrationIntercept, so each contribution times the slope is its share of logit(PD).
struct ScoreExplanation {
  double probabilityOfDefault = 0;
  double margin = 0;
  double bias = 0;
  std::map<std::string, double> contributions;
  double calibrationSlope = 1;
  double calibrationIntercept = 0;
};

}  // namespace aviary::credit
