#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace aviary {

// Looks at an uploaded document before anything decodes it: what it is (from its first
// bytes, not its name) and, for images, the size its header declares. An image bomb (a
// small file declaring 100000 x 100000 pixels) is refused here, before a decoder allocates.
// Headers are read by the format's own library (libjpeg, libpng, libtiff), not by hand.
class UploadInspector {
 public:
  struct Upload {
    std::string mediaType;  // image/jpeg, image/png, image/tiff, application/pdf
    std::int64_t width = 0;
    std::int64_t height = 0;
  };

  explicit UploadInspector(std::int64_t maximumPixels = 40'000'000);

  // Throws ApiProblem: 415 for what is not a JPEG, PNG, TIFF or PDF, 422 for a header that
  // cannot be read, 413 for more pixels than the limit.
  Upload inspect(std::string_view bytes) const;

  static std::string mediaTypeOf(std::string_view bytes);

 private:
  std::int64_t maximumPixels_;
};

}  // namespace aviary
