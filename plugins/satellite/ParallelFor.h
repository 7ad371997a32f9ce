#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace aviary::satellite {

// Runs `work(next)` on `threads` workers, the calling thread one of them; `next()` hands out
// indices 0, 1, ... up to `count`. Each worker keeps its own state across its indices (a
// SceneStack: GDAL datasets are never shared between threads). A worker's exception stops the
// others at their next index and is rethrown here once all have ended.
template <typename Work>
void parallelFor(int count, int threads, Work work) {
  std::atomic<int> counter{0};
  auto next = [&counter] { return counter++; };
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto guarded = [&] {
    try {
      work(next);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(failureMutex);
      if (!failure) failure = std::current_exception();
      counter = count;
    }
  };
  const int workers = std::max(1, std::min(threads, count));
  std::vector<std::thread> pool;
  for (int t = 1; t < workers; ++t) pool.emplace_back(guarded);
  guarded();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace aviary::satellite
