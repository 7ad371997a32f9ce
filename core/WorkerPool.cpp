#include "WorkerPool.h"

#include <atomic>
#include <exception>
#include <memory>

namespace aviary {

WorkerPool::WorkerPool(unsigned workers) {
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

WorkerPool& WorkerPool::shared() {
  static WorkerPool pool;
  return pool;
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void WorkerPool::parallelFor(std::size_t count, const std::function<void(std::size_t)>& body) {
  if (count == 0) return;
  // Shared by the helpers: the next index to take, how many finished, the first error.
  struct Run {
    std::atomic<std::size_t> next{0};
    std::size_t finished = 0;
    std::exception_ptr error;
    std::mutex mutex;
    std::condition_variable done;
  };
  auto run = std::make_shared<Run>();
  const auto drain = [run, count, &body] {
    for (std::size_t i; (i = run->next.fetch_add(1)) < count;) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard lock(run->mutex);
        if (!run->error) run->error = std::current_exception();
      }
      std::lock_guard lock(run->mutex);
      if (++run->finished == count) run->done.notify_all();
    }
  };
  const std::size_t helpers = std::min<std::size_t>(threads_.size(), count - 1);
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < helpers; ++i) queue_.emplace_back(drain);
  }
  wake_.notify_all();
  drain();
  std::unique_lock lock(run->mutex);
  run->done.wait(lock, [&] { return run->finished == count; });
  if (run->error) std::rethrow_exception(run->error);
}

}  // namespace aviary
