#pragma once

#include <string>
#include <vector>

#include "ProcessResult.h"

namespace aviary {

// Runs a program without a shell (no quoting pitfalls), optionally as another user, and
// captures what it prints.
class ProcessRunner {
 public:
  // When `runAsUser` is non-empty the command runs through `runuser -u <user> --`.
  explicit ProcessRunner(std::string runAsUser = {});

  ProcessResult run(const std::vector<std::string>& arguments) const;

 private:
  std::string runAsUser_;
};

}  // namespace aviary
