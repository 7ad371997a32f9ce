#pragma once

#include <optional>

#include <opencv2/core.hpp>

#include "OcrLine.h"

namespace aviary {

// Finds a shop's signboard in a street photo and reads the name on it. A board is a wide,
// filled quadrilateral that stands out from the wall around it: saturated or black paint, or
// any colour unlike the facade (a lit box at night). Each candidate is straightened from its
// four corners (the camera is rarely square to the wall) and read as one line of Chinese.
class SignboardReader {
 public:
  struct Signboard {
    OcrLine line;        // the name as read, its confidence and the board's bounding box
    cv::Rect box;        // the board in the photo
    int candidates = 0;  // board-like regions that were read
  };
  // nullopt when no board with at least two Chinese characters read with confidence.
  static std::optional<Signboard> read(const cv::Mat& photo);
};

}  // namespace aviary
