#pragma once

#include <string>
#include <vector>

namespace aviary {

// Comparisons of names and addresses as printed on different documents, allowing the usual
// abbreviations (a city prefix or "有限公司" left out) and small OCR slips.
class TextSimilarity {
 public:
  static std::vector<std::string> codePoints(const std::string& text);
  // Drops spaces and punctuation (ASCII and full-width).
  static std::string compact(const std::string& text);
  // Dice coefficient of character bigrams, 0..1.
  static double dice(const std::string& a, const std::string& b);
  // The distinctive part of an organisation name: no region prefix, no legal-form suffix.
  static std::string organisationCore(const std::string& name);
  static bool sameOrganisation(const std::string& a, const std::string& b);
  static bool sameAddress(const std::string& a, const std::string& b);
  // Full-width brackets, colons and commas as ASCII, spaces removed: how labels are matched.
  static std::string asciiPunctuation(const std::string& text);
  // Longest common subsequence of code points over the length of `needle`, 0..1.
  static double containment(const std::string& needle, const std::string& haystack);
};

}  // namespace aviary
