#pragma once

#include <string>

namespace aviary {

// Resident identity number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character;
// digits 7..14 are the holder's birth date.
class IdNumberChecksum {
 public:
  static std::string normalise(const std::string& text);  // upper-case, no spaces, O->0
  static char checkCharacter(const std::string& first17);
  static bool valid(const std::string& number);
  // YYYY-MM-DD from digits 7..14, or "" if that is not a real date.
  static std::string birthDate(const std::string& number);
  static std::string complete(const std::string& first17);
};

}  // namespace aviary
