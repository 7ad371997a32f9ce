#include "PagePreprocessor.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace aviary {

cv::Mat PagePreprocessor::rectify(const cv::Mat& photo, const PageDetector::Page& page) {
  const auto& c = page.corners;
  const double top = cv::norm(c[1] - c[0]);
  const double bottom = cv::norm(c[2] - c[3]);
  const double left = cv::norm(c[3] - c[0]);
  const double right = cv::norm(c[2] - c[1]);
  // A degenerate quadrilateral (a sliver of page) must not ask for a 30,000-pixel page.
  const double aspect =
      std::clamp(std::max(left, right) / std::max(1.0, std::max(top, bottom)), 0.25, 4.0);
  const int width = kPageWidth;
  const int height = std::max(200, static_cast<int>(width * aspect));
  // Trim a few pixels so the table around the page does not show at the edges.
  const float inset = 4.0f;
  const std::vector<cv::Point2f> target = {{-inset, -inset},
                                           {width + inset, -inset},
                                           {width + inset, height + inset},
                                           {-inset, height + inset}};
  const std::vector<cv::Point2f> source(c.begin(), c.end());
  cv::Mat rectified;
  cv::warpPerspective(photo, rectified, cv::getPerspectiveTransform(source, target),
                      {width, height}, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return rectified;
}

cv::Mat PagePreprocessor::deskew(const cv::Mat& colour, double& degrees) {
  // The angle whose row profile of ink is sharpest is the text's baseline angle.
  cv::Mat gray, small, ink;
  cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
  const double scale = 400.0 / gray.cols;
  cv::resize(gray, small, {}, scale, scale, cv::INTER_AREA);
  cv::adaptiveThreshold(small, ink, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, 15, 10);
  double bestScore = -1.0;
  degrees = 0.0;
  for (double angle = -3.0; angle <= 3.01; angle += 0.5) {
    cv::Mat rotated;
    const cv::Mat rotation = cv::getRotationMatrix2D({ink.cols / 2.0f, ink.rows / 2.0f}, angle, 1);
    cv::warpAffine(ink, rotated, rotation, ink.size(), cv::INTER_NEAREST);
    cv::Mat rows;
    cv::reduce(rotated, rows, 1, cv::REDUCE_SUM, CV_64F);
    cv::Scalar mean, deviation;
    cv::meanStdDev(rows, mean, deviation);
    if (deviation[0] > bestScore) {
      bestScore = deviation[0];
      degrees = angle;
    }
  }
  if (std::abs(degrees) < 0.25) return colour;
  cv::Mat straight;
  const cv::Mat rotation =
      cv::getRotationMatrix2D({colour.cols / 2.0f, colour.rows / 2.0f}, degrees, 1);
  cv::warpAffine(colour, straight, rotation, colour.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return straight;
}

cv::Mat PagePreprocessor::forOcr(const cv::Mat& colour) {
  cv::Mat hsv, gray;
  cv::cvtColor(colour, hsv, cv::COLOR_BGR2HSV);
  cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
  // Red seal ink: see through it by reading the red channel there, where red is bright and
  // black text stays dark. Red ink is where red stands clear of green and blue (the pale
  // rim JPEG leaves around a stroke too), or red in hue and saturated.
  std::vector<cv::Mat> channels;
  cv::split(colour, channels);
  cv::Mat lowRed, highRed, seal, redness;
  cv::inRange(hsv, cv::Scalar(0, 60, 60), cv::Scalar(12, 255, 255), lowRed);
  cv::inRange(hsv, cv::Scalar(165, 60, 60), cv::Scalar(180, 255, 255), highRed);
  cv::subtract(channels[2], cv::max(channels[0], channels[1]), redness);
  seal = lowRed | highRed | (redness > 30);
  cv::dilate(seal, seal, cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
  channels[2].copyTo(gray, seal);
  // Even out light and shadows: divide by the page's background brightness.
  cv::Mat background;
  cv::Mat small;
  cv::resize(gray, small, {}, 0.25, 0.25, cv::INTER_AREA);
  cv::morphologyEx(small, small, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, {9, 9}));
  cv::GaussianBlur(small, small, {0, 0}, 3);
  cv::resize(small, background, gray.size(), 0, 0, cv::INTER_LINEAR);
  cv::Mat normalised;
  cv::divide(gray, background, normalised, 235.0);
  // Seal ink passes most red light, so in the red channel it is nearly paper; make it paper,
  // or Tesseract reads its ring and characters into the text under it. Black text under the
  // seal stays dark in that channel and is kept.
  normalised.setTo(235, seal & (normalised > 176));
  // Remove ruled lines (table borders, underlines): long thin runs of ink.
  cv::Mat ink;
  cv::threshold(normalised, ink, 150, 255, cv::THRESH_BINARY_INV);
  cv::Mat horizontal, vertical;
  cv::morphologyEx(ink, horizontal, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_RECT, {normalised.cols / 12, 1}));
  cv::morphologyEx(ink, vertical, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_RECT, {1, 100}));
  cv::Mat rules = horizontal | vertical;
  cv::dilate(rules, rules, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  normalised.setTo(255, rules);
  return normalised;
}

PagePreprocessor::Result PagePreprocessor::run(const cv::Mat& photo,
                                               const PageDetector::Page& page) {
  Result result;
  cv::Mat rectified;
  if (page.wholeFrame) {
    // The document fills the frame (a scan, a screenshot, a line of text): its own shape,
    // at the page width the OCR reads.
    const double scale = double(kPageWidth) / photo.cols;
    cv::resize(photo, rectified, {}, scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  } else {
    rectified = rectify(photo, page);
  }
  result.colour = deskew(rectified, result.skewDegrees);
  result.ocr = forOcr(result.colour);
  return result;
}

}  // namespace aviary
