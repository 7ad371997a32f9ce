#pragma once

#include <string>

namespace aviary {

struct WorkerOptions {
  int concurrency = 1;
  int leaseSeconds = 60;  // a dead worker's cases return to the queue after this
  int idlePollMilliseconds = 500;
  bool drain = false;       // stop when the queue is empty
  int maximumAttempts = 3;  // then the case is referred with the error
  std::string name;         // worker id prefix; host:pid when empty
};

}  // namespace aviary
