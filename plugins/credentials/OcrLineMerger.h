#pragma once

#include <vector>

#include "OcrLine.h"

namespace aviary {

// Joins OCR lines that sit on the same row of the page, left to right. Tesseract reads a
// two-column form (labels, then values) as two blocks; fields need label and value together.
class OcrLineMerger {
 public:
  static std::vector<OcrLine> mergeRows(std::vector<OcrLine> lines);
};

}  // namespace aviary
