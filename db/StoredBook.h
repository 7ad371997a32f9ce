#pragma once

#include <functional>
#include <map>
#include <string>

#include "BookEntry.h"

namespace aviary {

// Reads the stored book of automatic decisions for back-tests, monitoring and retraining.
// Only what deciding again needs crosses the wire (evidence without images, facts or
// timings), and the JSON is parsed on several threads.
class StoredBook {
 public:
  struct Filter {
    std::string since;    // YYYY-MM-DD: decided on or after; empty for all
    std::string segment;  // empty for all
    bool withOutcomeOnly = false;
  };

  explicit StoredBook(std::string connectionString);

  // Calls `visit(entry, thread)` for every matching case, from `threads` threads at once
  // (thread is 0..threads-1), each thread on a contiguous run of cases in case order.
  // Returns the number of cases. A case whose stored inputs cannot be read is reported
  // through `skipped` with its id and the reason, and the rest carry on. `started` learns
  // the number of cases before the first visit.
  std::size_t forEach(const Filter& filter, int threads,
                      const std::function<void(const BookEntry&, int)>& visit,
                      const std::function<void(std::int64_t, const std::string&)>& skipped,
                      const std::function<void(std::size_t)>& started = {}) const;

 private:
  std::string connectionString_;
};

}  // namespace aviary
