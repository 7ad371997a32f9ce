#pragma once

#include <memory>
#include <random>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/freetype.hpp>

#include "StorefrontScene.h"
#include "SyntheticDocument.h"

namespace aviary {

// Draws a simulated document flat on paper (no camera yet), with CJK fonts from
// fonts-noto-cjk and fonts-wqy through OpenCV's FreeType module, and a red seal.
class DocumentPageRenderer {
 public:
  // Throws std::runtime_error naming the missing font package.
  DocumentPageRenderer();
  cv::Mat render(const SyntheticDocument& document, std::mt19937& random);
  // A storefront seen from across the street: a signboard with the shop's name over an open
  // shop or a roller shutter, a facade, street clutter, by day or night, in perspective.
  cv::Mat renderStorefront(const StorefrontScene& scene, std::mt19937& random);

 private:
  struct FontPair {
    cv::Ptr<cv::freetype::FreeType2> regular;
    cv::Ptr<cv::freetype::FreeType2> bold;
  };
  void text(cv::Mat& page, const std::string& s, cv::Point origin, int height,
            const cv::Scalar& colour, bool bold);
  int textWidth(const std::string& s, int height, bool bold);
  void seal(cv::Mat& page, cv::Point centre, int radius, const std::string& s);
  cv::Mat renderIdCard(const SyntheticDocument& document);

  std::vector<FontPair> families_;
  FontPair* font_ = nullptr;
};

}  // namespace aviary
