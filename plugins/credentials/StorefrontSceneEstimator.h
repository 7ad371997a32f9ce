#pragma once

#include <string>

#include <opencv2/core.hpp>

namespace aviary {

// What plain image statistics can say about a storefront photo, and no more: whether it was
// taken by day or at night (the wall's brightness) and whether the shop under the board is
// open or behind a roller shutter (a shutter is grey, evenly ruled by horizontal slats; an
// open shop shows goods of many colours and vertical edges, and is lit at night). It does not
// recognise objects, so it makes no claim about what the shop sells or how busy it is.
class StorefrontSceneEstimator {
 public:
  struct Estimate {
    std::string lighting;  // "daylight" or "night"
    double lightingConfidence = 0.0;
    std::string shopfront;  // "open" or "shuttered"
    double shopfrontConfidence = 0.0;
    double wallBrightness = 0.0;      // median V (0-255) of the margins around the board
    double horizontalRuling = 0.0;    // vertical over horizontal gradient energy under the board
    double colourfulness = 0.0;       // mean saturation (0-255) under the board
    double frontBrightness = 0.0;     // median V under the board
    std::string description() const;  // one sentence with the confidences
  };
  // `board` is the signboard's box in `photo` (the shop front is below it).
  static Estimate estimate(const cv::Mat& photo, const cv::Rect& board);
};

}  // namespace aviary
