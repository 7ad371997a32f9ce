// A STAC catalog and the item it links to. The input holds both, split at the first line
// "----": the catalog before it is written as catalog.json, the rest as item.json.
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <gdal.h>

#include "FuzzInput.h"
#include "StacCatalog.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using aviary::fuzz::FuzzInput;
  const std::string_view input = FuzzInput::text(data, size);
  const auto split = input.find("\n----\n");
  const auto catalog = FuzzInput::writeFile("catalog.json", input.substr(0, split));
  FuzzInput::writeFile(
      "item.json", split == std::string_view::npos ? std::string_view{} : input.substr(split + 6));
  try {
    (void)aviary::satellite::StacCatalog::read(catalog);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
