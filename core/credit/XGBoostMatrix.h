#pragma once

#include <cstddef>
#include <vector>

#include <xgboost/c_api.h>

namespace aviary::credit {

// Owns an XGBoost DMatrix built from row-major floats (NaN = missing), optionally labelled.
class XGBoostMatrix {
 public:
  XGBoostMatrix(const float* values, std::size_t rows, std::size_t columns);
  XGBoostMatrix(const std::vector<float>& values, std::size_t columns,
                const std::vector<float>& labels = {});
  ~XGBoostMatrix();
  XGBoostMatrix(XGBoostMatrix&& other) noexcept;
  XGBoostMatrix& operator=(XGBoostMatrix&&) = delete;
  XGBoostMatrix(const XGBoostMatrix&) = delete;
  XGBoostMatrix& operator=(const XGBoostMatrix&) = delete;

  DMatrixHandle handle() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

}  // namespace aviary::credit
