#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "BadRowReport.h"
#include "PaymentNetwork.h"

namespace aviary::supplychain {

// Reads transactions.csv and the optional registry files into a PaymentNetwork. Bad rows
// are skipped and reported; a missing optional file only adds a warning.
class PaymentNetworkLoader {
 public:
  struct Paths {
    std::filesystem::path transactions;
    std::filesystem::path firms;         // empty = not given
    std::filesystem::path holdings;      // empty = not given
    std::filesystem::path certificates;  // empty = not given
  };

  // Wall-clock seconds of the two big steps, for benchmarks.
  struct Timings {
    double transactionsSeconds = 0;  // reading and checking transactions.csv, dropping duplicates
    double transactionsCpuSeconds = 0;  // the same step's CPU time, all threads
    double indexSeconds = 0;            // time order, CSR, aggregation per pair and month
  };

  // Throws std::runtime_error when transactions.csv cannot be read or lacks a column.
  // transactions.csv is read on `threads` cores (0: one per core, one for small files).
  static PaymentNetwork load(const Paths& paths, BadRowReport& report,
                             std::vector<std::string>& warnings, unsigned threads = 0,
                             Timings* timings = nullptr);

  // Parsers shared with tests: false when the text is not valid.
  static bool parseAmountCents(std::string_view text, std::int64_t& cents);
  static bool parseTime(std::string_view text, std::int64_t& secondsCst);
  static bool parseDate(std::string_view text, std::int32_t& day);
};

}  // namespace aviary::supplychain
