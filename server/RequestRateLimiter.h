#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace aviary {

// A token bucket per caller: `perMinute` requests a minute on average, up to `burst` at once.
// In memory, per server process: a second server behind a balancer has its own buckets.
class RequestRateLimiter {
 public:
  RequestRateLimiter(double perMinute, double burst);

  // True when the caller may go ahead now; false means answer 429 and wait secondsToWait.
  bool allow(const std::string& caller);
  int secondsToWait(const std::string& caller) const;
  bool enabled() const { return perMinute_ > 0; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled;
  };
  double perMinute_;
  double burst_;
  mutable std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace aviary
