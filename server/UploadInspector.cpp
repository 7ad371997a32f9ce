#include "UploadInspector.h"

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
#include <png.h>
#include <tiffio.h>

#include "ApiProblem.h"

namespace aviary {
namespace {

struct Dimensions {
  std::int64_t width = 0;
  std::int64_t height = 0;
  bool read = false;
};

// libjpeg reports errors by calling error_exit, which must not return: jump back out.
struct JpegErrors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

void jpegFailed(j_common_ptr info) {
  std::longjmp(reinterpret_cast<JpegErrors*>(info->err)->jump, 1);
}
void jpegQuiet(j_common_ptr, int) {}

Dimensions jpegDimensions(std::string_view bytes) {
  jpeg_decompress_struct info{};
  JpegErrors errors{};
  info.err = jpeg_std_error(&errors.manager);
  errors.manager.error_exit = jpegFailed;
  errors.manager.emit_message = jpegQuiet;  // warnings never reach the terminal
  if (setjmp(errors.jump) != 0) {
    jpeg_destroy_decompress(&info);
    return {};
  }
  jpeg_create_decompress(&info);
  Dimensions dimensions;
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  if (jpeg_read_header(&info, TRUE) == JPEG_HEADER_OK)
    dimensions = {info.image_width, info.image_height, true};
  jpeg_destroy_decompress(&info);
  return dimensions;
}

// libpng's simplified API reads the header without longjmp and without decoding.
Dimensions pngDimensions(std::string_view bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Dimensions dimensions;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) != 0)
    dimensions = {image.width, image.height, true};
  png_image_free(&image);
  return dimensions;
}

// libtiff reads from memory through client callbacks; its messages are swallowed per file.
struct MemoryFile {
  std::string_view bytes;
  toff_t offset = 0;
};
tsize_t tiffRead(thandle_t handle, tdata_t buffer, tsize_t size) {
  auto* file = static_cast<MemoryFile*>(handle);
  if (file->offset >= file->bytes.size() || size <= 0) return 0;
  const auto count =
      std::min<std::size_t>(static_cast<std::size_t>(size), file->bytes.size() - file->offset);
  std::memcpy(buffer, file->bytes.data() + file->offset, count);
  file->offset += count;
  return static_cast<tsize_t>(count);
}
tsize_t tiffWrite(thandle_t, tdata_t, tsize_t) {
  return 0;
}
toff_t tiffSeek(thandle_t handle, toff_t offset, int whence) {
  auto* file = static_cast<MemoryFile*>(handle);
  const toff_t base = whence == SEEK_CUR   ? file->offset
                      : whence == SEEK_END ? file->bytes.size()
                                           : 0;
  file->offset = base + offset;
  return file->offset;
}
int tiffClose(thandle_t) {
  return 0;
}
toff_t tiffSize(thandle_t handle) {
  return static_cast<MemoryFile*>(handle)->bytes.size();
}
int tiffMap(thandle_t, tdata_t*, toff_t*) {
  return 0;
}
void tiffUnmap(thandle_t, tdata_t, toff_t) {}
int tiffQuiet(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}

Dimensions tiffDimensions(std::string_view bytes) {
  MemoryFile file{bytes, 0};
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options, tiffQuiet, nullptr);
  TIFFOpenOptionsSetWarningHandlerExtR(options, tiffQuiet, nullptr);
  TIFFOpenOptionsSetMaxSingleMemAlloc(options, 16 << 20);
  TIFF* tiff = TIFFClientOpenExt("upload", "rm", &file, tiffRead, tiffWrite, tiffSeek, tiffClose,
                                 tiffSize, tiffMap, tiffUnmap, options);
  TIFFOpenOptionsFree(options);
  Dimensions dimensions;
  if (tiff == nullptr) return dimensions;
  std::uint32_t width = 0, height = 0;
  // Every page counts: a multi-page scan is read page by page.
  do {
    if (TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width) != 1 ||
        TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height) != 1) {
      TIFFClose(tiff);
      return {};
    }
    if (static_cast<std::int64_t>(width) * height >= dimensions.width * dimensions.height)
      dimensions = {width, height, true};
  } while (TIFFReadDirectory(tiff) == 1);
  TIFFClose(tiff);
  return dimensions;
}

bool startsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

}  // namespace

UploadInspector::UploadInspector(std::int64_t maximumPixels) : maximumPixels_(maximumPixels) {}

std::string UploadInspector::mediaTypeOf(std::string_view bytes) {
  if (startsWith(bytes, "\xFF\xD8\xFF")) return "image/jpeg";
  if (startsWith(bytes, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (startsWith(bytes, std::string_view("II*\0", 4)) ||
      startsWith(bytes, std::string_view("MM\0*", 4)))
    return "image/tiff";
  if (startsWith(bytes, "%PDF-")) return "application/pdf";
  return "";
}

UploadInspector::Upload UploadInspector::inspect(std::string_view bytes) const {
  Upload upload;
  upload.mediaType = mediaTypeOf(bytes);
  if (upload.mediaType.empty())
    throw ApiProblem(415, "Unsupported document format",
                     "send the document as a JPEG, PNG or TIFF photo or a PDF; the bytes sent "
                     "are none of these");
  if (upload.mediaType == "application/pdf") return upload;  // pages are the reader's to size
  const Dimensions dimensions = upload.mediaType == "image/jpeg"  ? jpegDimensions(bytes)
                                : upload.mediaType == "image/png" ? pngDimensions(bytes)
                                                                  : tiffDimensions(bytes);
  if (!dimensions.read || dimensions.width <= 0 || dimensions.height <= 0)
    throw ApiProblem(422, "Unreadable image",
                     "the " + upload.mediaType +
                         " header cannot be read (the file is cut short or damaged): take the "
                         "photo again or export it anew");
  upload.width = dimensions.width;
  upload.height = dimensions.height;
  // Both sides are below 2^32, so the product fits in 64 bits.
  if (upload.width * upload.height > maximumPixels_)
    throw ApiProblem(413, "Image too large",
                     "the image declares " + std::to_string(upload.width) + " x " +
                         std::to_string(upload.height) + " pixels, more than the " +
                         std::to_string(maximumPixels_ / 1'000'000) +
                         " megapixels accepted: send a smaller photo (a phone's normal "
                         "resolution is enough)");
  return upload;
}

}  // namespace aviary
