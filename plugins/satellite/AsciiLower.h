#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace aviary::satellite {

// `text` with A-Z in lower case: names and keys that users and servers write in any case (band
// keys, file extensions, field names). Bytes of UTF-8 (Chinese crop names) are left as they are.
inline std::string asciiLower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace aviary::satellite
