#pragma once

#include <string>
#include <string_view>

namespace aviary {

// Lower-case hex SHA-256 of the bytes, for migration checksums and model hashes.
std::string sha256Hex(std::string_view bytes);

}  // namespace aviary
