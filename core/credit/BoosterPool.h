#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "XGBoostBooster.h"

namespace aviary::credit {

// Boosters restored from one serialised model, lent out one per concurrent caller so scoring
// is thread-safe without a global lock around prediction. Each booster predicts on one
// thread: single rows gain nothing from OpenMP, and callers parallelise across rows.
class BoosterPool {
 public:
  explicit BoosterPool(std::vector<std::uint8_t> ubj);

  class Lease {
   public:
    Lease(BoosterPool& pool, std::unique_ptr<XGBoostBooster> booster)
        : pool_(pool), booster_(std::move(booster)) {}
    ~Lease() { pool_.giveBack(std::move(booster_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    XGBoostBooster& operator*() const { return *booster_; }
    XGBoostBooster* operator->() const { return booster_.get(); }

   private:
    BoosterPool& pool_;
    std::unique_ptr<XGBoostBooster> booster_;
  };

  Lease acquire();
  const std::vector<std::uint8_t>& ubj() const { return ubj_; }

 private:
  std::unique_ptr<XGBoostBooster> restore() const;
  void giveBack(std::unique_ptr<XGBoostBooster> booster);

  std::vector<std::uint8_t> ubj_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<XGBoostBooster>> idle_;
};

}  // namespace aviary::credit
