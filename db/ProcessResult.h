#pragma once

#include <string>

namespace aviary {

struct ProcessResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr, interleaved
};

}  // namespace aviary
