#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xgboost/c_api.h>

namespace aviary::credit {

class XGBoostMatrix;

// Owns an XGBoost booster. Every output buffer of the C API is thread-local and reused by the
// next call, so each method copies it out before returning.
class XGBoostBooster {
 public:
  // A fresh booster that caches the given training (and evaluation) matrices.
  explicit XGBoostBooster(const std::vector<const XGBoostMatrix*>& cached = {});
  // A booster restored from a buffer written by saveUbj().
  static XGBoostBooster fromUbj(const std::vector<std::uint8_t>& bytes);
  ~XGBoostBooster();
  XGBoostBooster(XGBoostBooster&& other) noexcept;
  XGBoostBooster& operator=(XGBoostBooster&& other) noexcept;
  XGBoostBooster(const XGBoostBooster&) = delete;
  XGBoostBooster& operator=(const XGBoostBooster&) = delete;

  void setParameter(const std::string& name, const std::string& value);
  void updateOneIteration(int iteration, const XGBoostMatrix& train);
  // Log-odds margins for a matrix (incremental when the booster caches it).
  std::vector<float> predictMargins(const XGBoostMatrix& data, std::size_t rows) const;
  int boostedRounds() const;

  // Log-odds margins, one per row, from `values` (row-major, NaN = missing).
  std::vector<float> predictMargins(const float* values, std::size_t rows,
                                    std::size_t columns) const;
  // TreeSHAP contributions: per row, `columns` feature values then the bias. `approximate`:
  // the cheaper path-based attribution (Saabas), for many rows.
  std::vector<float> predictContributions(const XGBoostMatrix& data, std::size_t rows,
                                          std::size_t columns, bool approximate = false) const;

  // Total gain of each of `columns` features over all trees (0 for features never split on).
  std::vector<double> totalGains(std::size_t columns) const;

  std::vector<std::uint8_t> saveUbj() const;

 private:
  std::vector<float> predictFromMatrix(const XGBoostMatrix& data, const char* config,
                                       std::size_t values, const std::string& what) const;
  BoosterHandle handle_ = nullptr;
};

}  // namespace aviary::credit
