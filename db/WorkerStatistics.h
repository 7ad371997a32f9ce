#pragma once

#include <atomic>

namespace aviary {

struct WorkerStatistics {
  std::atomic<long> decided{0};
  std::atomic<long> referredAfterError{0};
  std::atomic<long> leasesLost{0};
  std::atomic<long> reconnects{0};
};

}  // namespace aviary
