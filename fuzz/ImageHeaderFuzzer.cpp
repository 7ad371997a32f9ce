// Photos and scans are probed before any pixel is decoded, so the probe sees every byte an
// uploader sends; its answer must stay within what the bytes can hold.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ImageHeaderProbe.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes(data, data + size);
  const auto result = aviary::ImageHeaderProbe::probe(bytes);
  if (result.width < 0 || result.height < 0 || result.pdfPages < 0) std::abort();
  if (result.pdfFirstPageJpeg.size() > size) std::abort();
  return 0;
}
