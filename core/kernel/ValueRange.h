#pragma once

#include <limits>
#include <string>
#include <vector>

namespace aviary {

// The values a conjunction of rule comparisons allows for one named value: an interval, an
// exact value, values it must not equal, and whether the value must be missing. Lets the
// static checks see that "above 5 and below 3" can never hold, or that one rule's range lies
// inside another's.
class ValueRange {
 public:
  // op is one of equals, not_equals, above, below, at_least, at_most.
  void restrict(const std::string& op, double operand);
  void requireMissing() { mustBeMissing_ = true; }

  bool empty() const;
  // Every value this range allows, `inner` allows too (`inner` ⊆ this).
  bool contains(const ValueRange& inner) const;

 private:
  bool allows(double value) const;

  double low_ = -std::numeric_limits<double>::infinity();
  double high_ = std::numeric_limits<double>::infinity();
  bool lowOpen_ = true, highOpen_ = true;
  bool hasEqual_ = false;
  double equal_ = 0;
  bool equalConflict_ = false;  // two different exact values
  std::vector<double> notEqual_;
  bool mustBeMissing_ = false, mustBePresent_ = false;
};

}  // namespace aviary
