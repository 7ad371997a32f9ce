#include "IdNumberChecksum.h"

#include <cctype>

#include "DocumentDates.h"

namespace aviary {

std::string IdNumberChecksum::normalise(const std::string& text) {
  std::string out;
  for (char raw : text) {
    if (std::isspace(static_cast<unsigned char>(raw))) continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == 'O') c = '0';
    out.push_back(c);
  }
  return out;
}

char IdNumberChecksum::checkCharacter(const std::string& first17) {
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  if (first17.size() < 17) return '?';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(first17[i]))) return '?';
    sum += (first17[i] - '0') * weights[i];
  }
  return "10X98765432"[sum % 11];
}

bool IdNumberChecksum::valid(const std::string& number) {
  return number.size() == 18 && checkCharacter(number) == number[17];
}

std::string IdNumberChecksum::birthDate(const std::string& number) {
  if (number.size() < 14) return "";
  const std::string digits = number.substr(6, 8);
  for (char c : digits)
    if (!std::isdigit(static_cast<unsigned char>(c))) return "";
  const auto date =
      DocumentDates::fromParts(std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4, 2)),
                               std::stoi(digits.substr(6, 2)));
  return date ? date->iso() : "";
}

std::string IdNumberChecksum::complete(const std::string& first17) {
  return first17.substr(0, 17) + checkCharacter(first17);
}

}  // namespace aviary
