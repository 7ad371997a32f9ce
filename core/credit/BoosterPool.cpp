#include "BoosterPool.h"

namespace aviary::credit {

BoosterPool::BoosterPool(std::vector<std::uint8_t> ubj) : ubj_(std::move(ubj)) {
  idle_.push_back(restore());  // fails here, at load time, if the buffer is not a model
}

std::unique_ptr<XGBoostBooster> BoosterPool::restore() const {
  auto booster = std::make_unique<XGBoostBooster>(XGBoostBooster::fromUbj(ubj_));
  booster->setParameter("nthread", "1");
  return booster;
}

BoosterPool::Lease BoosterPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto booster = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(booster));
    }
  }
  return Lease(*this, restore());
}

void BoosterPool::giveBack(std::unique_ptr<XGBoostBooster> booster) {
  if (!booster) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(booster));
}

}  // namespace aviary::credit
