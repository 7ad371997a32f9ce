#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "DocumentReading.h"
#include "OcrLine.h"
#include "SignboardReader.h"

namespace aviary {

// Reads one photo, scan, screenshot or PDF end to end: header probe (refusing > 40 MP before
// decoding), page detection (or the whole frame when the document fills it), quality gate,
// correction, orientation, OCR (or a PDF's text layer), classification, field extraction and
// checks. Bad input gives a reading with `error` set; it never throws for a bad file.
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
  struct PageText {
    bool ok = false;  // false: `reading` says why (re-shoot or error)
    cv::Mat colour, ocr;
    std::vector<OcrLine> lines, segments;  // rows, and the cells they were joined from
    bool wholeFrame = false;
  };
  PageText readPage(const cv::Mat& photo, DocumentReading& reading) const;
  DocumentReading readPdf(const std::vector<std::uint8_t>& bytes, const std::string& name,
                          Page* page) const;
  void readSignboard(const cv::Mat& photo, const SignboardReader::Signboard& sign,
                     DocumentReading& reading) const;
  void interpret(const std::vector<OcrLine>& lines, const std::vector<OcrLine>& segments,
                 const cv::Mat& ocr, bool wholeFrame, DocumentReading& reading) const;

  std::string asOf_;
};

}  // namespace aviary
