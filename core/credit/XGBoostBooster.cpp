#include "XGBoostBooster.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "XGBoostError.h"
#include "XGBoostMatrix.h"

namespace aviary::credit {

XGBoostBooster::XGBoostBooster(const std::vector<const XGBoostMatrix*>& cached) {
  std::vector<DMatrixHandle> handles;
  for (const auto* matrix : cached) handles.push_back(matrix->handle());
  XGBoostError::throwIfFailed(XGBoosterCreate(handles.data(), handles.size(), &handle_),
                              "create a booster");
}

XGBoostBooster XGBoostBooster::fromUbj(const std::vector<std::uint8_t>& bytes) {
  XGBoostBooster booster;
  XGBoostError::throwIfFailed(
      XGBoosterLoadModelFromBuffer(booster.handle_, bytes.data(), bytes.size()),
      "load the booster from the model file");
  return booster;
}

XGBoostBooster::~XGBoostBooster() {
  if (handle_) XGBoosterFree(handle_);
}

XGBoostBooster::XGBoostBooster(XGBoostBooster&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)) {}

XGBoostBooster& XGBoostBooster::operator=(XGBoostBooster&& other) noexcept {
  if (this != &other) {
    if (handle_) XGBoosterFree(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
  }
  return *this;
}

void XGBoostBooster::setParameter(const std::string& name, const std::string& value) {
  XGBoostError::throwIfFailed(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
                              "set " + name + "=" + value);
}

void XGBoostBooster::updateOneIteration(int iteration, const XGBoostMatrix& train) {
  XGBoostError::throwIfFailed(XGBoosterUpdateOneIter(handle_, iteration, train.handle()),
                              "run boosting round " + std::to_string(iteration));
}

std::vector<float> XGBoostBooster::predictMargins(const XGBoostMatrix& data,
                                                  std::size_t rows) const {
  return predictFromMatrix(
      data,
      R"({"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})",
      rows, "predict");
}

int XGBoostBooster::boostedRounds() const {
  int rounds = 0;
  XGBoostError::throwIfFailed(XGBoosterBoostedRounds(handle_, &rounds), "count rounds");
  return rounds;
}

std::vector<float> XGBoostBooster::predictMargins(const float* values, std::size_t rows,
                                                  std::size_t columns) const {
  // __array_interface__ of a C-contiguous float32 matrix, passed by address.
  char arrayInterface[256];
  std::snprintf(arrayInterface, sizeof arrayInterface,
                R"({"data":[%llu,true],"shape":[%zu,%zu],"typestr":"<f4","version":3})",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(values)), rows,
                columns);
  static constexpr char kConfig[] =
      R"({"type":1,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,"missing":NaN,"cache_id":0})";
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  XGBoostError::throwIfFailed(XGBoosterPredictFromDense(handle_, arrayInterface, kConfig, nullptr,
                                                        &shape, &dimensions, &result),
                              "predict");
  return std::vector<float>(result, result + rows);
}

std::vector<float> XGBoostBooster::predictContributions(const XGBoostMatrix& data, std::size_t rows,
                                                        std::size_t columns,
                                                        bool approximate) const {
  return predictFromMatrix(
      data,
      approximate
          ? R"({"type":3,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})"
          : R"({"type":2,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})",
      rows * (columns + 1), "compute SHAP contributions");
}

std::vector<float> XGBoostBooster::predictFromMatrix(const XGBoostMatrix& data, const char* config,
                                                     std::size_t values,
                                                     const std::string& what) const {
  const bst_ulong* shape = nullptr;
  bst_ulong dimensions = 0;
  const float* result = nullptr;
  XGBoostError::throwIfFailed(
      XGBoosterPredictFromDMatrix(handle_, data.handle(), config, &shape, &dimensions, &result),
      what);
  // The buffer is XGBoost's thread-local one: copy it before the next call.
  return std::vector<float>(result, result + values);
}

std::vector<double> XGBoostBooster::totalGains(std::size_t columns) const {
  bst_ulong count = 0, dimensions = 0;
  const char** names = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  XGBoostError::throwIfFailed(XGBoosterFeatureScore(handle_, R"({"importance_type":"total_gain"})",
                                                    &count, &names, &dimensions, &shape, &scores),
                              "read the feature gains");
  // Unnamed features come back as "f<column>"; copy before the next call reuses the buffers.
  std::vector<double> gains(columns, 0.0);
  for (bst_ulong i = 0; i < count; ++i) {
    const std::size_t column = std::strtoul(names[i] + 1, nullptr, 10);
    if (names[i][0] == 'f' && column < columns) gains[column] = scores[i];
  }
  return gains;
}

std::vector<std::uint8_t> XGBoostBooster::saveUbj() const {
  bst_ulong length = 0;
  const char* buffer = nullptr;
  XGBoostError::throwIfFailed(
      XGBoosterSaveModelToBuffer(handle_, R"({"format":"ubj"})", &length, &buffer),
      "serialise the booster");
  return std::vector<std::uint8_t>(buffer, buffer + length);
}

}  // namespace aviary::credit
