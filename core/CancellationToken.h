#pragma once

#include <atomic>

#include "PluginAbi.h"

namespace aviary {

// Set by the host when an assessment overruns its time budget: a source checks it between
// units of work (a parcel, a photo) and returns what it has, so nothing is left running on
// an abandoned thread.
class AVIARY_EXPORT CancellationToken {
 public:
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

}  // namespace aviary
