#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// Reads the text lines of a prepared page with the chosen OCR engine: PP-OCRv4 when its
// models are installed (PaddleOcrEngine), else Tesseract (OcrEngine). $AVIARY_OCR_ENGINE
// (`ppocr` or `tesseract`) forces one, for measuring both.
class PageTextReader {
 public:
  enum class Engine { Tesseract, PaddleOcr };
  static Engine engine();
  static const char* name(Engine engine);

  struct Result {
    std::vector<OcrLine> lines;     // rows of text, in the upright page's pixels
    std::vector<OcrLine> segments;  // the lines as found, before rows were joined: table cells
    int quarterTurns = 0;           // clockwise turns that made the page upright (PP-OCR only)
  };
  // `colour` is the page, `ocr` its single-channel cleaned form (same size). PP-OCR also
  // turns a page lying on its side or upside down upright first.
  static Result read(const cv::Mat& colour, const cv::Mat& ocr);
  static cv::Mat turned(const cv::Mat& image, int quarterTurns);
};

}  // namespace aviary
