#include "TextEncoding.h"

#include <iconv.h>

#include <cerrno>
#include <memory>

namespace aviary {
namespace {

// `text` converted from one encoding to another; empty on an invalid or incomplete sequence.
std::optional<std::string> convert(std::string_view text, const char* from, const char* to) {
  iconv_t handle = iconv_open(to, from);
  if (handle == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const std::unique_ptr<void, int (*)(iconv_t)> closer(handle, iconv_close);
  std::string out;
  out.resize(text.size() * 2 + 16);  // GB18030's two bytes become at most three, four stay four
  char* in = const_cast<char*>(text.data());
  std::size_t inLeft = text.size();
  char* next = out.data();
  std::size_t outLeft = out.size();
  while (inLeft > 0) {
    if (iconv(handle, &in, &inLeft, &next, &outLeft) != static_cast<std::size_t>(-1)) continue;
    if (errno != E2BIG) return std::nullopt;  // EILSEQ or EINVAL: not this encoding
    const std::size_t written = static_cast<std::size_t>(next - out.data());
    out.resize(out.size() * 2);
    next = out.data() + written;
    outLeft = out.size() - written;
  }
  out.resize(static_cast<std::size_t>(next - out.data()));
  return out;
}

}  // namespace

bool TextEncoding::isUtf8(std::string_view text) {
  return convert(text, "UTF-8", "UTF-8").has_value();
}

std::optional<std::string> TextEncoding::gb18030ToUtf8(std::string_view text) {
  return convert(text, "GB18030", "UTF-8");
}

}  // namespace aviary
