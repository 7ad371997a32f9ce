#pragma once

#include <cstdint>
#include <string>

namespace aviary {

struct SubmittedCase {
  std::int64_t caseId = 0;
  bool created = false;  // false when the idempotency key was already known
  std::string status;
};

}  // namespace aviary
