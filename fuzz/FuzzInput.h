#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace aviary::fuzz {

// Parsers that take a path get the fuzz input through a file in a private directory.
class FuzzInput {
 public:
  static std::string_view text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
  }

  // A per-process scratch directory under the system temp directory.
  static const std::filesystem::path& scratchDirectory();

  static std::filesystem::path writeFile(const std::string& name, std::string_view content);
};

}  // namespace aviary::fuzz
