#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aviary {

// RFC 4648 base64, for binary artifacts inside JSON.
std::string encodeBase64(const std::vector<std::uint8_t>& bytes);
std::vector<std::uint8_t> decodeBase64(const std::string& text);

}  // namespace aviary
