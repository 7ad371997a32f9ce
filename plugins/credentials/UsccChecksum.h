#pragma once

#include <string>

namespace aviary {

// Unified Social Credit Code (GB 32100-2015): 18 characters whose last is a mod-31 check,
// with the organisation code (positions 9..17, GB 11714) carrying its own mod-11 check.
class UsccChecksum {
 public:
  static constexpr const char* kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  // Upper-cases and drops spaces; maps letters OCR confuses with digits where the
  // alphabet forbids them (O->0, I->1, S->5, Z->2, V->U) so a checksum can still pass.
  static std::string normalise(const std::string& text);
  static bool wellFormed(const std::string& code);  // 18 characters from the alphabet
  static char checkCharacter(const std::string& first17);
  static bool valid(const std::string& code);
  // The organisation code's own check (9th of positions 9..17); false if malformed.
  static bool organisationCodeValid(const std::string& code);
  // Makes a valid code from 17 characters (used by the simulator and tests).
  static std::string complete(const std::string& first17);
};

}  // namespace aviary
