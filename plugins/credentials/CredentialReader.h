#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "DocumentReading.h"
#include "OcrLine.h"

namespace aviary {

// Reads one photo end to end: header probe (refusing > 40 MP before decoding), quality gate,
// page detection and correction, OCR, classification, field extraction and checks.
// Bad input gives a reading with `error` set; it never throws for a bad file.
class CredentialReader {
 public:
  struct Page {
    cv::Mat colour;  // the rectified page (or the whole photo for a storefront)
    std::vector<OcrLine> lines;
  };

  explicit CredentialReader(std::string asOf = "") : asOf_(std::move(asOf)) {}

  // `name` is what the output calls the file (defaults to the path).
  DocumentReading readFile(const std::string& path, const std::string& name = "",
                           Page* page = nullptr) const;
  DocumentReading readBytes(const std::vector<std::uint8_t>& bytes, const std::string& name,
                            Page* page = nullptr) const;
  DocumentReading readImage(const cv::Mat& photo, const std::string& name,
                            Page* page = nullptr) const;

 private:
  std::string asOf_;
};

}  // namespace aviary
