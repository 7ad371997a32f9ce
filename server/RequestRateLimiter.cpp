#include "RequestRateLimiter.h"

#include <algorithm>
#include <cmath>

namespace aviary {

RequestRateLimiter::RequestRateLimiter(double perMinute, double burst)
    : perMinute_(perMinute), burst_(std::max(1.0, burst)) {}

bool RequestRateLimiter::allow(const std::string& caller) {
  if (!enabled()) return true;
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto [entry, added] = buckets_.try_emplace(caller, Bucket{burst_, now});
  Bucket& bucket = entry->second;
  const double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
  bucket.tokens = std::min(burst_, bucket.tokens + seconds * perMinute_ / 60.0);
  bucket.refilled = now;
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

int RequestRateLimiter::secondsToWait(const std::string& caller) const {
  if (!enabled()) return 0;
  std::lock_guard lock(mutex_);
  const auto bucket = buckets_.find(caller);
  const double missing =
      bucket == buckets_.end() ? 0.0 : std::max(0.0, 1.0 - bucket->second.tokens);
  return std::max(1, static_cast<int>(std::ceil(missing * 60.0 / perMinute_)));
}

}  // namespace aviary
