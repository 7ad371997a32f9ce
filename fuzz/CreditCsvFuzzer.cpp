// `aviary model train/evaluate` read any CSV a user hands them.
#include <cstdint>
#include <stdexcept>

#include "CsvTable.h"
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)aviary::CsvTable::parse(aviary::fuzz::FuzzInput::text(data, size), "fuzz.csv");
  } catch (const std::exception&) {
  }
  return 0;
}
