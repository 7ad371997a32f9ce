#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace aviary {

// The process's shared workers, handed to plugins through PluginHost::parallelFor, so
// sources share the cores instead of each starting its own threads.
class WorkerPool {
 public:
  // 0: one worker per core.
  explicit WorkerPool(unsigned workers = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return static_cast<unsigned>(threads_.size()); }
  // Runs body(0..count-1) and returns when all are done; rethrows the first exception. The
  // calling thread works too, so a nested call never waits on a worker it occupies.
  void parallelFor(std::size_t count, const std::function<void(std::size_t)>& body);

  // One pool per process, started on first use.
  static WorkerPool& shared();

 private:
  void work();

  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace aviary
