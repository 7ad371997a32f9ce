// Parcels are drawn by farmers on a phone: every feature ends as a parcel or a parcel
// error, and only an unreadable file throws.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <gdal.h>

#include "FuzzInput.h"
#include "ParcelReader.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(aviary::fuzz::FuzzInput::text(data, size));
  for (const bool repair : {false, true}) {
    try {
      aviary::satellite::ParcelReader::Options options;
      options.repairInvalid = repair;
      (void)aviary::satellite::ParcelReader::readText(text, options);
    } catch (const std::runtime_error&) {
    }
  }
  return 0;
}
