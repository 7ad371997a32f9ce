#pragma once

#include <string>

namespace aviary {

// One line of text Tesseract read, with its confidence (0..1) and box on the page.
struct OcrLine {
  std::string text;  // as read, spaces between Chinese characters removed
  double confidence = 0.0;
  int x = 0, y = 0, width = 0, height = 0;
};

}  // namespace aviary
