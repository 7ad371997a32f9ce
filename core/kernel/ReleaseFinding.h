#pragma once

#include <string>

namespace aviary {

// What a static check found in a candidate rule set or model. Errors block its approval;
// warnings are shown to both admins and kept with the release.
struct ReleaseFinding {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Warning;
  std::string check;    // never_fires, contradiction, shadowed, unknown_value, model_lacks, ...
  std::string subject;  // the rule id or column it is about
  std::string message;  // plain language, with what to do
};

}  // namespace aviary
