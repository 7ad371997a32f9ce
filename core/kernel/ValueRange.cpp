#include "ValueRange.h"

#include <algorithm>

namespace aviary {

void ValueRange::restrict(const std::string& op, double operand) {
  mustBePresent_ = true;  // a comparison on a missing value is false
  if (op == "equals") {
    if (hasEqual_ && equal_ != operand) equalConflict_ = true;
    hasEqual_ = true;
    equal_ = operand;
  } else if (op == "not_equals") {
    notEqual_.push_back(operand);
  } else if (op == "above" || op == "at_least") {
    const bool open = op == "above";
    if (operand > low_ || (operand == low_ && open)) {
      low_ = operand;
      lowOpen_ = open;
    }
  } else if (op == "below" || op == "at_most") {
    const bool open = op == "below";
    if (operand < high_ || (operand == high_ && open)) {
      high_ = operand;
      highOpen_ = open;
    }
  }
}

bool ValueRange::allows(double value) const {
  if (value < low_ || (value == low_ && lowOpen_)) return false;
  if (value > high_ || (value == high_ && highOpen_)) return false;
  if (hasEqual_ && value != equal_) return false;
  return std::find(notEqual_.begin(), notEqual_.end(), value) == notEqual_.end();
}

bool ValueRange::empty() const {
  if (mustBeMissing_) return mustBePresent_;
  if (!mustBePresent_) return false;
  if (equalConflict_) return true;
  if (hasEqual_) return !allows(equal_);
  if (low_ > high_) return true;
  return low_ == high_ && (lowOpen_ || highOpen_ || !allows(low_));
}

bool ValueRange::contains(const ValueRange& inner) const {
  if (inner.empty()) return true;
  if (mustBeMissing_ != inner.mustBeMissing_) return false;
  if (mustBeMissing_) return true;
  if (hasEqual_ && !(inner.hasEqual_ && inner.equal_ == equal_)) return false;
  if (inner.hasEqual_) return allows(inner.equal_);
  const bool lowInside = inner.low_ > low_ || (inner.low_ == low_ && (inner.lowOpen_ || !lowOpen_));
  const bool highInside =
      inner.high_ < high_ || (inner.high_ == high_ && (inner.highOpen_ || !highOpen_));
  if (!lowInside || !highInside) return false;
  // A value this range excludes must lie outside the inner range too.
  return std::all_of(notEqual_.begin(), notEqual_.end(),
                     [&](double excluded) { return !inner.allows(excluded); });
}

}  // namespace aviary
