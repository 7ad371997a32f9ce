#pragma once

#include <optional>
#include <string>

namespace aviary {

// Vehicle identification number (ISO 3779, GB 16735): 17 characters from digits and the
// letters other than I, O and Q; the 9th is a check character (weighted sum mod 11, 10 as X).
class VinChecksum {
 public:
  static constexpr const char* kAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

  // Upper-cases, drops spaces and punctuation, and maps the letters a VIN never holds to the
  // digits OCR mistakes them for (I->1, O->0, Q->0).
  static std::string normalise(const std::string& text);
  static char checkCharacter(const std::string& vin);  // '\0' if malformed
  static bool valid(const std::string& vin);
  // Puts the right check character in place (used by the simulator and tests).
  static std::string complete(const std::string& vin);
  // The one VIN the checksum accepts among single substitutions of characters OCR confuses
  // (0/D, 1/L, 5/S, 8/B, 2/Z), or nullopt when none or several pass.
  static std::optional<std::string> repair(const std::string& vin);
};

}  // namespace aviary
