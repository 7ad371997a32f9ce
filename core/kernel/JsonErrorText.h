#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// nlohmann's message without its "[json.exception.parse_error.101] " tag: the rest says
// where and why in plain words, fit for a user-facing error.
class JsonErrorText {
 public:
  static std::string of(const nlohmann::json::exception& error) {
    std::string text = error.what();
    if (const auto end = text.find("] "); text.starts_with("[json.") && end != std::string::npos)
      text.erase(0, end + 2);
    return text;
  }
};

}  // namespace aviary
