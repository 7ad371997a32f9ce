#pragma once

#include <array>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace aviary {

// Finds the sheet of paper in a photo: the largest bright quadrilateral against the table.
class PageDetector {
 public:
  struct Page {
    bool found = false;
    std::array<cv::Point2f, 4> corners;  // top-left, top-right, bottom-right, bottom-left
    double areaShare = 0.0;              // page area / photo area
    std::vector<std::string> cutSides;   // "top", "bottom", "left", "right"
    cv::Mat mask;                        // page pixels, at `maskScale` of the photo
    double maskScale = 1.0;
    bool wholeFrame = false;  // no page outline: a scan, screenshot or export fills the image
  };

  static Page detect(const cv::Mat& photo);
  // The whole image taken as the page, for a document that fills the frame.
  static Page wholeFrame(const cv::Mat& photo);
};

}  // namespace aviary
