#pragma once

#include <functional>
#include <map>
#include <string>
#include <variant>

namespace aviary::credit {

// One cell of an applicant row: missing, a number, or text (a category, or a number as text
// exactly as it would appear in a CSV).
using CreditValue = std::variant<std::monostate, double, std::string>;

// One applicant, keyed by the original column names of the training CSV. Absent columns are
// missing; columns the model does not know are ignored.
using CreditRow = std::map<std::string, CreditValue, std::less<>>;

}  // namespace aviary::credit
