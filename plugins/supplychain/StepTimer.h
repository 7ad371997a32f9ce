#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace aviary::supplychain {

// Prints the wall and process CPU seconds of each step of a long computation to stderr when
// AVIARY_SC_TIMINGS is set (benchmarks set it); silent otherwise.
class StepTimer {
 public:
  explicit StepTimer(const char* indent = "")
      : on_(std::getenv("AVIARY_SC_TIMINGS") != nullptr), indent_(indent), cpu_(cpuSeconds()) {}

  void lap(const char* step) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    const double cpu = cpuSeconds();
    std::fprintf(stderr, "%s%-44s %6.2f s wall %6.2f s cpu\n", indent_, step,
                 std::chrono::duration<double>(now - clock_).count(), cpu - cpu_);
    clock_ = now;
    cpu_ = cpu;
  }

 private:
  static double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  }
  bool on_;
  const char* indent_;
  std::chrono::steady_clock::time_point clock_ = std::chrono::steady_clock::now();
  double cpu_;
};

}  // namespace aviary::supplychain
