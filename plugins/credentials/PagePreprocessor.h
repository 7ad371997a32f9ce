#pragma once

#include <opencv2/core.hpp>

#include "PageDetector.h"

namespace aviary {

// Makes a photographed page ready for OCR: perspective corrected, deskewed, lit evenly,
// red seals seen through, table rules removed, and scaled to the size Tesseract reads best.
class PagePreprocessor {
 public:
  struct Result {
    cv::Mat colour;  // the rectified page, BGR (for artifacts and the perceptual hash)
    cv::Mat ocr;     // single-channel page for Tesseract
    double skewDegrees = 0.0;
  };

  static constexpr int kPageWidth = 1240;

  static Result run(const cv::Mat& photo, const PageDetector::Page& page);
  static cv::Mat rectify(const cv::Mat& photo, const PageDetector::Page& page);
  static cv::Mat deskew(const cv::Mat& colour, double& degrees);
  static cv::Mat forOcr(const cv::Mat& colour);
};

}  // namespace aviary
