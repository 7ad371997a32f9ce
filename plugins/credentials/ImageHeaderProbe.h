#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aviary {

// Reads an image file's format and pixel dimensions from its header, without decoding the
// pixels, so an oversized or broken file is refused before it costs memory.
class ImageHeaderProbe {
 public:
  enum class Format { Unknown, Jpeg, Png, Tiff, Pdf };
  struct Result {
    Format format = Format::Unknown;
    long long width = 0;
    long long height = 0;
    bool complete = true;  // the file has its end marker (JPEG EOI, PNG IEND)
    int pdfPages = 0;
    std::vector<std::uint8_t> pdfFirstPageJpeg;  // a scanned PDF's first page image
    std::string error;                           // non-empty: what is wrong and how to fix it
  };

  static constexpr long long kMaxPixels = 40'000'000;

  static Result probe(const std::vector<std::uint8_t>& bytes);
  static const char* toString(Format format);
};

}  // namespace aviary
