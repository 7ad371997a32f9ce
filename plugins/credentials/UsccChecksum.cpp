#include "UsccChecksum.h"

#include <cctype>
#include <cstring>

namespace aviary {

namespace {

int alphabetValue(char c) {
  const char* hit = std::strchr(UsccChecksum::kAlphabet, c);
  return (hit == nullptr || c == '\0') ? -1 : static_cast<int>(hit - UsccChecksum::kAlphabet);
}

// Organisation codes (GB 11714) use digits and all letters, A = 10 .. Z = 35.
int organisationValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UsccChecksum::normalise(const std::string& text) {
  std::string out;
  for (char raw : text) {
    if (std::isspace(static_cast<unsigned char>(raw))) continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    switch (c) {
      case 'O':
        c = '0';
        break;
      case 'I':
        c = '1';
        break;
      case 'S':
        c = '5';
        break;
      case 'Z':
        c = '2';
        break;
      case 'V':
        c = 'U';
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

bool UsccChecksum::wellFormed(const std::string& code) {
  if (code.size() != 18) return false;
  for (char c : code)
    if (alphabetValue(c) < 0) return false;
  return true;
}

char UsccChecksum::checkCharacter(const std::string& first17) {
  int sum = 0;
  int weight = 1;
  for (std::size_t i = 0; i < 17 && i < first17.size(); ++i) {
    const int value = alphabetValue(first17[i]);
    if (value < 0) return '?';
    sum += value * weight;
    weight = (weight * 3) % 31;
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

bool UsccChecksum::valid(const std::string& code) {
  return wellFormed(code) && checkCharacter(code.substr(0, 17)) == code[17];
}

bool UsccChecksum::organisationCodeValid(const std::string& code) {
  if (!wellFormed(code)) return false;
  static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  const std::string organisation = code.substr(8, 9);
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const int value = organisationValue(organisation[static_cast<std::size_t>(i)]);
    if (value < 0) return false;
    sum += value * weights[i];
  }
  const int check = 11 - sum % 11;
  const char expected = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
  return organisation[8] == expected;
}

std::string UsccChecksum::complete(const std::string& first17) {
  return first17.substr(0, 17) + checkCharacter(first17);
}

}  // namespace aviary
