#pragma once

#include <string>

namespace aviary {

// One of the top reasons behind a decision, in words a merchant understands.
struct DecisionReason {
  std::string group;        // "applicant" or an evidence source id
  std::string column;       // the model input behind it
  double contribution = 0;  // share of the log-odds of default; positive raised the risk
  std::string text;
};

}  // namespace aviary
