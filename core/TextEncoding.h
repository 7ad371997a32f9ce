#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace aviary {

// Text files as people save them: UTF-8, or GB18030 (GBK), which Excel and most bank and ERP
// exports write on Chinese Windows. Conversion is glibc's iconv.
class TextEncoding {
 public:
  // Whether `text` is well-formed UTF-8 (no stray bytes, overlong forms or surrogates).
  static bool isUtf8(std::string_view text);
  // Whether more of `text`'s characters beyond ASCII are not UTF-8 than are: a file saved in
  // another encoding, not a UTF-8 file with a stray byte (which must not be read as GB18030).
  static bool mostlyNotUtf8(std::string_view text);
  // `text` read as GB18030 and written as UTF-8; empty when it is not GB18030 either.
  static std::optional<std::string> gb18030ToUtf8(std::string_view text);
  // `text` as UTF-8 when it was saved as GB18030: mostly not UTF-8, and all of it GB18030.
  // Empty when it is UTF-8, a UTF-8 text with a stray byte (its reader reports those bytes),
  // or neither.
  static std::optional<std::string> savedAsGb18030(std::string_view text);
};

}  // namespace aviary
