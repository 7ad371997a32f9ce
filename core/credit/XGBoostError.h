#pragma once

#include <stdexcept>
#include <string>

#include <xgboost/c_api.h>

namespace aviary::credit {

// A failed XGBoost C API call, with XGBoost's own message.
class XGBoostError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;

  static void throwIfFailed(int status, const std::string& action) {
    if (status != 0) throw XGBoostError("XGBoost failed to " + action + ": " + XGBGetLastError());
  }
};

}  // namespace aviary::credit
