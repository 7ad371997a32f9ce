#include "TextEncoding.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <functional>
#include <memory>

namespace aviary {
namespace {

// Feeds `text` through iconv in blocks handed to `keep`, so checking a large file takes no
// more memory than one block. A sequence that is not `from` (or is cut short at the end) stops
// the conversion, unless `skipped` is given: then it counts there and the byte is passed over.
bool convert(std::string_view text, const char* from, const char* to,
             const std::function<void(const char*, std::size_t)>& keep,
             std::size_t* skipped = nullptr) {
  iconv_t handle = iconv_open(to, from);
  if (handle == reinterpret_cast<iconv_t>(-1)) return false;
  const std::unique_ptr<void, int (*)(iconv_t)> closer(handle, iconv_close);
  std::array<char, 1 << 16> block;
  char* in = const_cast<char*>(text.data());
  std::size_t inLeft = text.size();
  while (inLeft > 0) {
    char* next = block.data();
    std::size_t outLeft = block.size();
    const bool done = iconv(handle, &in, &inLeft, &next, &outLeft) != static_cast<std::size_t>(-1);
    const int error = errno;
    keep(block.data(), block.size() - outLeft);
    if (done || error == E2BIG) continue;
    if (!skipped) return false;  // EILSEQ or EINVAL: not this encoding
    ++*skipped;
    ++in;
    --inLeft;
  }
  return true;
}

}  // namespace

bool TextEncoding::isUtf8(std::string_view text) {
  return convert(text, "UTF-8", "UTF-8", [](const char*, std::size_t) {});
}

bool TextEncoding::mostlyNotUtf8(std::string_view text) {
  std::size_t valid = 0, invalid = 0;
  convert(
      text, "UTF-8", "UTF-8",
      [&valid](const char* bytes, std::size_t count) {
        for (std::size_t i = 0; i < count; ++i)
          valid += static_cast<unsigned char>(bytes[i]) >= 0xC0;  // a character's first byte
      },
      &invalid);
  return invalid > valid;
}

std::optional<std::string> TextEncoding::gb18030ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);  // two bytes of GB18030 become three of UTF-8
  if (!convert(text, "GB18030", "UTF-8",
               [&out](const char* bytes, std::size_t count) { out.append(bytes, count); }))
    return std::nullopt;
  return out;
}

}  // namespace aviary
