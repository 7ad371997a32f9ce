#include "XGBoostMatrix.h"

#include <limits>
#include <stdexcept>
#include <utility>

#include "XGBoostError.h"

namespace aviary::credit {

XGBoostMatrix::XGBoostMatrix(const float* values, std::size_t rows, std::size_t columns) {
  XGBoostError::throwIfFailed(
      // One thread: OpenMP teams cost more than they save on these small matrices.
      XGDMatrixCreateFromMat_omp(values, rows, columns, std::numeric_limits<float>::quiet_NaN(),
                                 &handle_, 1),
      "build a data matrix");
}

XGBoostMatrix::XGBoostMatrix(const std::vector<float>& values, std::size_t columns,
                             const std::vector<float>& labels)
    : XGBoostMatrix(values.data(), columns ? values.size() / columns : 0, columns) {
  if (labels.empty()) return;
  if (labels.size() * columns != values.size())
    throw std::invalid_argument("XGBoostMatrix: one label per row is needed");
  XGBoostError::throwIfFailed(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()),
                              "set labels");
}

XGBoostMatrix::~XGBoostMatrix() {
  if (handle_) XGDMatrixFree(handle_);
}

XGBoostMatrix::XGBoostMatrix(XGBoostMatrix&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

}  // namespace aviary::credit
