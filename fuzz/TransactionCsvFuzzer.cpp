// transactions.csv arrives from banks' exports: bad rows are counted and skipped, and only
// a file without the required columns is refused.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "FuzzInput.h"
#include "PaymentNetworkLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aviary::fuzz::FuzzInput;
  aviary::supplychain::PaymentNetworkLoader::Paths paths;
  paths.transactions = FuzzInput::writeFile("transactions.csv", FuzzInput::text(data, size));
  aviary::supplychain::BadRowReport report;
  std::vector<std::string> warnings;
  try {
    (void)aviary::supplychain::PaymentNetworkLoader::load(paths, report, warnings);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
