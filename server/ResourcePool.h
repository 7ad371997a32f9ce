#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace aviary {

// Objects that must not be shared between threads (a database session, a decider) lent to
// one request at a time and kept for the next, so requests do not pay for a new connection.
template <typename T>
class ResourcePool {
 public:
  using Factory = std::function<std::unique_ptr<T>()>;
  explicit ResourcePool(Factory factory) : factory_(std::move(factory)) {}

  // Returns the object to the pool when it goes out of scope; an object whose user threw is
  // dropped instead, as its connection may be in any state.
  class Lease {
   public:
    Lease(ResourcePool& pool, std::unique_ptr<T> object)
        : pool_(pool), object_(std::move(object)), exceptions_(std::uncaught_exceptions()) {}
    ~Lease() {
      if (object_ && std::uncaught_exceptions() == exceptions_) pool_.giveBack(std::move(object_));
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

  Lease borrow() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto object = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(object));
      }
    }
    return Lease(*this, factory_());
  }

 private:
  void giveBack(std::unique_ptr<T> object) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(object));
  }

  Factory factory_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> idle_;
};

}  // namespace aviary
