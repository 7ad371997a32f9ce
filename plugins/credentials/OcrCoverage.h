#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// How much of a page's printed text the OCR's lines cover: the share of the ink of
// character-sized blobs that falls inside some line's box. Tesseract's column finder
// sometimes drops a whole column (the labels left of their values, a table's first
// columns); the coverage tells such a reading from a complete one.
class OcrCoverage {
 public:
  // `ocrPage` is the single-channel page Tesseract read (dark ink on white).
  static double of(const cv::Mat& ocrPage, const std::vector<OcrLine>& lines);
};

}  // namespace aviary
