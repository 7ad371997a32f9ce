#pragma once

#include <string>
#include <string_view>

namespace aviary::credit {

// Lower-case hex SHA-256 of the bytes (OpenSSL), used as the model's content hash.
std::string sha256Hex(std::string_view bytes);

}  // namespace aviary::credit
