#include "TextEncoding.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
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

bool TextEncoding::isUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // Runs of ASCII eight bytes at a time.
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    // Three-byte sequences first: Chinese names are made of them.
    if ((*p & 0xF0) == 0xE0) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
      const std::uint32_t cp = (static_cast<std::uint32_t>(*p & 0x0F) << 12) |
                               (static_cast<std::uint32_t>(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
      p += 3;
      continue;
    }
    int n;
    std::uint32_t cp;
    if ((*p & 0xE0) == 0xC0)
      n = 1, cp = *p & 0x1F;
    else if ((*p & 0xF8) == 0xF0)
      n = 3, cp = *p & 0x07;
    else
      return false;
    if (end - p <= n) return false;
    for (int k = 1; k <= n; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    p += n + 1;
  }
  return true;
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

std::optional<std::string> TextEncoding::savedAsGb18030(std::string_view text) {
  if (isUtf8(text) || !mostlyNotUtf8(text)) return std::nullopt;
  return gb18030ToUtf8(text);
}

}  // namespace aviary
