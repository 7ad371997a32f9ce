#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

namespace aviary {

// Objects that must not be shared between threads (a database session, a decider) lent to
// one request at a time and kept for the next, so requests do not pay for a new connection.
// With a limit, at most that many exist: a borrower waits for one to come back instead of
// making another (deciders are CPU-bound, and each new one converts the model).
template <typename T>
class ResourcePool {
 public:
  using Factory = std::function<std::unique_ptr<T>()>;
  explicit ResourcePool(Factory factory,
                        std::size_t limit = std::numeric_limits<std::size_t>::max())
      : factory_(std::move(factory)), limit_(limit == 0 ? 1 : limit) {}

  // Returns the object to the pool when it goes out of scope; an object whose user threw is
  // dropped instead, as its connection may be in any state.
  class Lease {
   public:
    Lease(ResourcePool& pool, std::unique_ptr<T> object)
        : pool_(pool), object_(std::move(object)), exceptions_(std::uncaught_exceptions()) {}
    ~Lease() {
      if (object_ && std::uncaught_exceptions() == exceptions_)
        pool_.giveBack(std::move(object_));
      else
        pool_.forget();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    T& operator*() { return *object_; }
    T* operator->() { return object_.get(); }

   private:
    ResourcePool& pool_;
    std::unique_ptr<T> object_;
    int exceptions_;
  };

  // Makes objects up to `count` (within the limit) and keeps them idle, so a burst of
  // requests on a fresh server does not wait for that many database connections at once.
  void prefill(std::size_t count) {
    std::vector<std::unique_ptr<T>> made;
    {
      std::lock_guard lock(mutex_);
      count = std::min(count, limit_);
      if (count <= existing_) return;
      count -= existing_;
      existing_ += count;
    }
    try {
      for (std::size_t i = 0; i < count; ++i) made.push_back(factory_());
    } catch (...) {
      std::lock_guard lock(mutex_);
      existing_ -= count - made.size();
      for (auto& object : made) idle_.push_back(std::move(object));
      throw;
    }
    {
      std::lock_guard lock(mutex_);
      for (auto& object : made) idle_.push_back(std::move(object));
    }
    returned_.notify_all();
  }

  Lease borrow() {
    {
      std::unique_lock lock(mutex_);
      returned_.wait(lock, [this] { return !idle_.empty() || existing_ < limit_; });
      if (!idle_.empty()) {
        auto object = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(object));
      }
      ++existing_;
    }
    try {
      return Lease(*this, factory_());
    } catch (...) {
      forget();
      throw;
    }
  }

 private:
  void giveBack(std::unique_ptr<T> object) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(object));
    }
    returned_.notify_one();
  }
  void forget() {  // an object that was dropped: room for a new one
    {
      std::lock_guard lock(mutex_);
      --existing_;
    }
    returned_.notify_one();
  }

  Factory factory_;
  std::size_t limit_;
  std::size_t existing_ = 0;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<T>> idle_;
};

}  // namespace aviary
