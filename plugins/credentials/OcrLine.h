#pragma once

#include <string>
#include <vector>

namespace aviary {

// One line of text Tesseract read, with its confidence (0..1) and box on the page.
struct OcrLine {
  // One character and its horizontal extent: lets a field's value be cut out of the line
  // and read again on its own.
  struct Symbol {
    std::string text;
    int x = 0, width = 0;
  };
  std::string text;  // as read, spaces between Chinese characters removed
  double confidence = 0.0;
  int x = 0, y = 0, width = 0, height = 0;
  std::vector<Symbol> symbols;  // left to right; empty when not recorded
};

}  // namespace aviary
