#pragma once

#include <ostream>
#include <string>

namespace aviary::demo {

// The "310" report of a batch of cases, read back from the database: latency, the
// straight-through rate, outcomes, referral reasons, limits per segment and evidence time.
class DemoReport {
 public:
  // `keyPattern` selects the cases by idempotency key (SQL LIKE), e.g. "demo-1-%".
  static void print(const std::string& connectionString, const std::string& keyPattern,
                    std::ostream& out);
};

}  // namespace aviary::demo
