#pragma once

#include <cstddef>
#include <exception>
#include <thread>

namespace aviary::supplychain {

// Runs f here and g on another thread; rethrows what either threw.
template <class F, class G>
void inParallel(F&& f, G&& g) {
  std::exception_ptr error;
  std::thread other([&] {
    try {
      g();
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    f();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (error) std::rethrow_exception(error);
}

// Runs f(begin, end) over [0, count) in two halves, the second half on another thread.
template <class F>
void inTwoHalves(std::size_t count, F&& f) {
  const std::size_t half = count / 2;
  inParallel([&] { f(std::size_t{0}, half); }, [&] { f(half, count); });
}

}  // namespace aviary::supplychain
