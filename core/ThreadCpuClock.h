#pragma once

#include <ctime>

namespace aviary {

// CPU time of the calling thread, in milliseconds: on a shared machine wall time also
// counts the waits for a core, this only the thread's own work.
inline double threadCpuMilliseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

}  // namespace aviary
