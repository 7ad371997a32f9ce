#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>

namespace aviary {

// CPU-bound work (reading a photo, assessing parcels) run at most `running` at a time, with
// at most `waiting` more queued for a turn. A request beyond that is refused at once, so an
// overloaded server answers "503, retry after N s" instead of holding every request thread
// (and then the connections behind them) while 50 readings share two cores and all overrun
// their budgets.
class AdmissionGate {
 public:
  AdmissionGate(std::size_t running, std::size_t waiting)
      : running_(std::max<std::size_t>(1, running)), waiting_(waiting) {}

  // Held while the work runs; gives its turn to the next waiter when it goes.
  class Pass {
   public:
    explicit Pass(AdmissionGate* gate) : gate_(gate), started_(Clock::now()) {}
    Pass(Pass&& other) noexcept : gate_(other.gate_), started_(other.started_) {
      other.gate_ = nullptr;
    }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_) gate_->leave(std::chrono::duration<double>(Clock::now() - started_).count());
    }

   private:
    AdmissionGate* gate_;
    std::chrono::steady_clock::time_point started_;
  };

  // A pass once a turn is free, or nullopt at once when the queue is full.
  std::optional<Pass> enter() {
    std::unique_lock lock(mutex_);
    if (active_ >= running_ && queued_ >= waiting_) return std::nullopt;
    ++queued_;
    turn_.wait(lock, [this] { return active_ < running_; });
    --queued_;
    ++active_;
    return Pass(this);
  }

  // Whole seconds until a refused request may expect a turn: the queue ahead of it shared
  // by the running turns, at the recent mean duration of one (at least 1 s).
  int retryAfterSeconds() const {
    std::lock_guard lock(mutex_);
    const double seconds =
        meanSeconds_ * static_cast<double>(queued_ + active_) / static_cast<double>(running_);
    return static_cast<int>(std::clamp(std::ceil(seconds), 1.0, 120.0));
  }

  std::size_t queued() const {
    std::lock_guard lock(mutex_);
    return queued_;
  }

 private:
  using Clock = std::chrono::steady_clock;
  void leave(double seconds) {
    {
      std::lock_guard lock(mutex_);
      --active_;
      meanSeconds_ = 0.8 * meanSeconds_ + 0.2 * seconds;
    }
    turn_.notify_one();
  }

  const std::size_t running_;
  const std::size_t waiting_;
  std::size_t active_ = 0;
  std::size_t queued_ = 0;
  double meanSeconds_ = 1.0;
  mutable std::mutex mutex_;
  std::condition_variable turn_;
};

}  // namespace aviary
