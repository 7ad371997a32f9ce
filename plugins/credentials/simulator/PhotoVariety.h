#pragma once

#include <random>

#include <opencv2/core.hpp>

namespace aviary {

// Simulator only: the other shapes documents arrive in beside a phone photo on a dark table
// (PhotoDegrader) — a page on a light desk, where paper and desk are close in brightness,
// and a scan or export that fills the whole image at its own scale, with no border.
class PhotoVariety {
 public:
  enum class Shape { DarkTable, LightDesk, Scan };
  static const char* toString(Shape shape);
  static cv::Mat onLightDesk(const cv::Mat& page, std::mt19937& random);
  static cv::Mat asScan(const cv::Mat& page, std::mt19937& random);
};

}  // namespace aviary
