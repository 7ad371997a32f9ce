#include "Base64.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace aviary {

std::string encodeBase64(const std::vector<std::uint8_t>& bytes) {
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::vector<std::uint8_t> decodeBase64(const std::string& text) {
  std::string compact;  // line breaks are allowed in stored artifacts; OpenSSL's block decoder
  compact.reserve(text.size());  // takes none
  for (char c : text)
    if (c != '\n' && c != '\r') compact += c;
  if (compact.size() % 4 == 1)
    throw std::invalid_argument("invalid base64 length in artifact data");
  while (compact.size() % 4 != 0) compact += '=';  // unpadded input
  std::vector<std::uint8_t> out(compact.size() / 4 * 3);
  const int written =
      EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(compact.data()),
                      static_cast<int>(compact.size()));
  if (written < 0) throw std::invalid_argument("invalid base64 character in artifact data");
  std::size_t padding = 0;  // EVP_DecodeBlock counts the bytes '=' stands for
  for (auto it = compact.rbegin(); it != compact.rend() && *it == '=' && padding < 2; ++it)
    ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

}  // namespace aviary
