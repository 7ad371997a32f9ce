#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// A PDF read with poppler: a digital document's text layer (an e-invoice as issued, every
// character exact, no OCR), and its pages rendered as images for the ones that carry no text
// (a scanner's PDF). Pages follow one another downwards in one coordinate frame.
class PdfDocument {
 public:
  static constexpr double kDpi = 150.0;  // about the OCR page width (1240 px for A4)
  static constexpr int kMaxPages = 4;    // a credential's fields are on its first pages

  struct Result {
    int pageCount = 0;
    std::vector<OcrLine> textLayer;  // empty for a scanned PDF
    std::vector<cv::Mat> pages;      // rendered pages (BGR), at most kMaxPages
    std::string error;               // non-empty: what is wrong and what to do
  };

  static Result read(const std::vector<std::uint8_t>& bytes);
};

}  // namespace aviary
