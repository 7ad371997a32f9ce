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

  cv::Mat photograph(const cv::Mat& page, Fault fault, std::mt19937& random) const;
};

}  // namespace aviary
