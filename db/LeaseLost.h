#pragma once

#include <stdexcept>

namespace aviary {

// The case's lease expired and another worker took it over: this worker's work is dropped.
class LeaseLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace aviary
