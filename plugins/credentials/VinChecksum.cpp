#include "VinChecksum.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>
#include <vector>

namespace aviary {

namespace {

// ISO 3779 transliteration: letters take the values of their position in three runs.
int transliterate(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  static const char* const runs[3] = {"ABCDEFGH", "JKLMN P R", "STUVWXYZ"};
  for (int run = 0; run < 3; ++run)
    if (const char* hit = std::strchr(runs[run], c); hit != nullptr && c != ' ')
      return static_cast<int>(hit - runs[run]) + (run == 2 ? 2 : 1);
  return -1;
}

constexpr int kWeights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

}  // namespace

std::string VinChecksum::normalise(const std::string& text) {
  std::string out;
  for (char raw : text) {
    if (!std::isalnum(static_cast<unsigned char>(raw))) continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == 'I') c = '1';
    if (c == 'O' || c == 'Q') c = '0';
    out.push_back(c);
  }
  return out;
}

char VinChecksum::checkCharacter(const std::string& vin) {
  if (vin.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int value = transliterate(vin[i]);
    if (value < 0) return '\0';
    sum += value * kWeights[i];
  }
  const int check = sum % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

bool VinChecksum::valid(const std::string& vin) {
  const char check = checkCharacter(vin);
  return check != '\0' && vin[8] == check;
}

std::string VinChecksum::complete(const std::string& vin) {
  std::string out = vin;
  if (const char check = checkCharacter(vin); check != '\0') out[8] = check;
  return out;
}

std::optional<std::string> VinChecksum::repair(const std::string& vin) {
  if (vin.size() != 17 || checkCharacter(vin) == '\0') return std::nullopt;
  if (valid(vin)) return vin;
  // The confusions common in print; more pairs make most repairs ambiguous.
  static const std::vector<std::pair<char, char>> confusions = {
      {'0', 'D'}, {'1', 'L'}, {'8', 'B'}, {'2', 'Z'}, {'5', 'S'}};
  std::vector<std::string> passing;
  for (std::size_t i = 0; i < vin.size(); ++i)
    for (const auto& [a, b] : confusions)
      for (const auto& [from, to] : {std::make_pair(a, b), std::make_pair(b, a)})
        if (vin[i] == from) {
          std::string attempt = vin;
          attempt[i] = to;
          if (valid(attempt)) passing.push_back(attempt);
        }
  std::sort(passing.begin(), passing.end());
  passing.erase(std::unique(passing.begin(), passing.end()), passing.end());
  if (passing.size() == 1) return passing.front();
  return std::nullopt;
}

}  // namespace aviary
