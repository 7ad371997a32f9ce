#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// Tesseract 5 (LSTM, chi_sim) through its C++ API. Loading the model costs more than reading
// a page, so each thread keeps one engine warm and reuses it.
class OcrEngine {
 public:
  // The tessdata directory: $AVIARY_TESSDATA, else Debian's location.
  static std::string tessdataDirectory();
  // How Tesseract finds the lines: a column of lines of any size (most pages), one block of
  // evenly sized lines (a form whose labels and values stand apart), or scattered text.
  enum class Layout { Column, Block, Sparse };
  // Reads a single-channel page. Throws std::runtime_error if the model cannot be loaded.
  static std::vector<OcrLine> read(const cv::Mat& gray, Layout layout = Layout::Column);
  // Reads one line of text (a signboard), or "" with confidence 0.
  static OcrLine readLine(const cv::Mat& gray);
  // Reads one line allowing only the characters of `whitelist` (a code, a date, an amount).
  static OcrLine readLine(const cv::Mat& gray, const std::string& whitelist);
  // Removes the spaces Tesseract puts between Chinese characters.
  static std::string joinCjk(const std::string& text);
};

}  // namespace aviary
