#pragma once

#include <random>
#include <string>

#include <opencv2/core.hpp>

namespace aviary {

// Turns a flat page into a phone photo: the page lies on a table, seen in perspective and
// rotated, under uneven light, with blur, sensor noise and JPEG. A fault makes a photo that
// must be re-shot.
class PhotoDegrader {
 public:
  enum class Fault { None, Blur, Dark, CutOff, Glare, Screen };
  static const char* toString(Fault fault);
  // The image (8-bit BGR) under a light map (one float per pixel, 1 = unchanged), as floats.
  static cv::Mat underLight(const cv::Mat& image, const cv::Mat& light);

  cv::Mat photograph(const cv::Mat& page, Fault fault, std::mt19937& random) const;
};

}  // namespace aviary
