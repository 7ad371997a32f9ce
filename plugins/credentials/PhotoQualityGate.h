#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "PageDetector.h"

namespace aviary {

// Decides whether a photo can be read or must be re-shot: too dark, cut off, a photo of a
// screen, glare, or too blurred. The first problem found gives the merchant one sentence
// saying what to fix.
class PhotoQualityGate {
 public:
  struct Verdict {
    std::vector<std::string> problems;  // dark, cut_off, screen, glare, blur
    std::optional<std::string> reshoot;
    std::map<std::string, double> metrics;
    bool ok() const { return problems.empty(); }
  };

  // Thresholds, set on simulator seeds 1-3 (see bench/credentials).
  static constexpr double kMinBrightness = 70.0;   // median page grey level
  static constexpr double kMinSharpness = 28.0;    // 99.5th percentile |Laplacian|
  static constexpr double kMaxGlareShare = 0.012;  // share of clipped page pixels
  // Paper this bright is white itself (a scan, a screenshot): clipped pixels are not glare.
  static constexpr double kMaxGlarePaper = 235.0;
  static constexpr double kMaxScreenPeak = 160.0;  // spectral peak / mean, high band
  static constexpr double kMaxScreenPeakIfBlue = 40.0;
  static constexpr double kMinBlueCast = 1.15;  // mean blue / mean red on the page

  static Verdict assess(const cv::Mat& photo, const PageDetector::Page& page);
};

}  // namespace aviary
