#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "DocumentReading.h"

namespace aviary {

// Draws what was read onto the rectified page (field boxes, kind and confidence) and encodes
// it as a JPEG for the workbench.
class DocumentAnnotator {
 public:
  static std::vector<std::uint8_t> annotatedJpeg(const cv::Mat& page,
                                                 const DocumentReading& reading);
};

}  // namespace aviary
