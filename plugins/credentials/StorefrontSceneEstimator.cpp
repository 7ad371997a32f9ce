#include "StorefrontSceneEstimator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

double medianOf(const cv::Mat& channel, const cv::Mat& mask = cv::Mat()) {
  std::vector<uchar> values;
  for (int y = 0; y < channel.rows; y += 2)
    for (int x = 0; x < channel.cols; x += 2)
      if (mask.empty() || mask.at<uchar>(y, x)) values.push_back(channel.at<uchar>(y, x));
  if (values.empty()) return 0.0;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// 0.5 at the decision boundary, towards 1 as the statistic moves `spread` past it.
double confidenceFrom(double value, double boundary, double spread) {
  return std::clamp(0.5 + 0.5 * std::abs(value - boundary) / spread, 0.5, 0.95);
}

}  // namespace

StorefrontSceneEstimator::Estimate StorefrontSceneEstimator::estimate(const cv::Mat& photo,
                                                                      const cv::Rect& board) {
  Estimate result;
  cv::Mat hsv;
  cv::cvtColor(photo, hsv, cv::COLOR_BGR2HSV);
  std::vector<cv::Mat> channels;
  cv::split(hsv, channels);
  const cv::Rect frame(0, 0, photo.cols, photo.rows);

  // The wall: everything above the shop front that is not the board.
  cv::Mat wall(photo.size(), CV_8U, cv::Scalar(0));
  wall(cv::Rect(0, 0, photo.cols, std::min(photo.rows, board.br().y + board.height / 2)) & frame)
      .setTo(255);
  wall(board & frame).setTo(0);
  result.wallBrightness = medianOf(channels[2], wall);
  // Walls measured 140-190 by day and 45-65 at night on simulated tuning scenes (seed 3).
  const double nightBoundary = 100.0;
  const bool night = result.wallBrightness < nightBoundary;
  result.lighting = night ? "night" : "daylight";
  result.lightingConfidence = confidenceFrom(result.wallBrightness, nightBoundary, 45.0);

  // The shop front: under the board, within its width, above the pavement.
  const int top = board.br().y + board.height / 5;
  const int bottom = std::min(photo.rows - photo.rows / 6, top + 2 * board.height + 200);
  const cv::Rect front =
      cv::Rect(board.x + board.width / 10, top, board.width * 8 / 10, std::max(0, bottom - top)) &
      frame;
  if (front.area() < 400) {
    result.shopfront = "unknown";
    return result;
  }
  cv::Mat gray, smooth, gx, gy;
  cv::cvtColor(photo(front), gray, cv::COLOR_BGR2GRAY);
  // Smooth away sensor noise (isotropic) so the slats' ruling stands out, even at night.
  cv::GaussianBlur(gray, smooth, {0, 0}, 1.5);
  cv::Sobel(smooth, gx, CV_32F, 1, 0);
  cv::Sobel(smooth, gy, CV_32F, 0, 1);
  const double horizontalEdges = cv::mean(cv::abs(gy))[0];
  const double verticalEdges = cv::mean(cv::abs(gx))[0];
  result.horizontalRuling = horizontalEdges / std::max(1e-3, verticalEdges);
  // Saturation of the smoothed front: in the dark, sensor noise alone looks colourful.
  cv::Mat smoothColour, smoothHsv;
  cv::GaussianBlur(photo(front), smoothColour, {0, 0}, 2.5);
  cv::cvtColor(smoothColour, smoothHsv, cv::COLOR_BGR2HSV);
  std::vector<cv::Mat> smoothChannels;
  cv::split(smoothHsv, smoothChannels);
  result.colourfulness = cv::mean(smoothChannels[1])[0];
  result.frontBrightness = medianOf(channels[2](front));
  // Evidence for a shutter: strong horizontal ruling and little colour.
  double shutterScore = std::clamp((result.horizontalRuling - 1.6) / 1.2, -1.0, 1.0);
  shutterScore += std::clamp((45.0 - result.colourfulness) / 40.0, -1.0, 1.0) * 0.5;
  result.shopfront = shutterScore > 0 ? "shuttered" : "open";
  result.shopfrontConfidence = confidenceFrom(shutterScore, 0.0, 1.5);
  return result;
}

std::string StorefrontSceneEstimator::Estimate::description() const {
  char buffer[400];
  std::snprintf(buffer, sizeof buffer,
                "taken by %s (confidence %.2f); the shop front looks %s (confidence %.2f). "
                "Estimated from brightness, colour and edge direction only: no objects are "
                "recognised, so nothing is said about the goods or the trade.",
                lighting == "night" ? "night" : "day", lightingConfidence, shopfront.c_str(),
                shopfrontConfidence);
  return buffer;
}

}  // namespace aviary
