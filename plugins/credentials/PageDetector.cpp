#include "PageDetector.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

std::array<cv::Point2f, 4> orderCorners(std::vector<cv::Point2f> points) {
  std::array<cv::Point2f, 4> ordered;
  auto sum = [](const cv::Point2f& p) { return p.x + p.y; };
  auto diff = [](const cv::Point2f& p) { return p.x - p.y; };
  ordered[0] = *std::min_element(points.begin(), points.end(),
                                 [&](auto& a, auto& b) { return sum(a) < sum(b); });
  ordered[2] = *std::max_element(points.begin(), points.end(),
                                 [&](auto& a, auto& b) { return sum(a) < sum(b); });
  ordered[1] = *std::max_element(points.begin(), points.end(),
                                 [&](auto& a, auto& b) { return diff(a) < diff(b); });
  ordered[3] = *std::min_element(points.begin(), points.end(),
                                 [&](auto& a, auto& b) { return diff(a) < diff(b); });
  return ordered;
}

}  // namespace

PageDetector::Page PageDetector::wholeFrame(const cv::Mat& photo) {
  Page page;
  page.found = true;
  page.wholeFrame = true;
  page.areaShare = 1.0;
  const float w = static_cast<float>(photo.cols), h = static_cast<float>(photo.rows);
  page.corners = {cv::Point2f(0, 0), cv::Point2f(w, 0), cv::Point2f(w, h), cv::Point2f(0, h)};
  page.maskScale = 640.0 / std::max(photo.cols, photo.rows);
  page.mask = cv::Mat(cvRound(photo.rows * page.maskScale), cvRound(photo.cols * page.maskScale),
                      CV_8U, cv::Scalar(255));
  return page;
}

PageDetector::Page PageDetector::detect(const cv::Mat& photo) {
  Page page;
  const double scale = 640.0 / std::max(photo.cols, photo.rows);
  cv::Mat small, gray, binary;
  cv::resize(photo, small, {}, scale, scale, cv::INTER_AREA);
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  cv::GaussianBlur(gray, gray, {5, 5}, 0);
  const double otsu = cv::threshold(gray, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(binary, binary, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, {9, 9}));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  if (contours.empty()) return page;
  auto largestOf = [](std::vector<std::vector<cv::Point>>& found) {
    return std::max_element(found.begin(), found.end(), [](auto& a, auto& b) {
      return cv::contourArea(a) < cv::contourArea(b);
    });
  };
  // How much of its quadrilateral a region fills: a page does, a torn blob does not.
  auto quadFill = [](const std::vector<cv::Point>& contour) {
    std::vector<cv::Point> hull, approx;
    cv::convexHull(contour, hull);
    cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
    const double quad =
        approx.size() == 4 ? cv::contourArea(approx) : cv::minAreaRect(hull).size.area();
    return quad > 0 ? cv::contourArea(contour) / quad : 0.0;
  };
  auto largest = largestOf(contours);
  // A shadow across the page splits it at Otsu's threshold into a lit and a shaded part.
  // Threshold lower, between the table and the shaded paper: the threshold between the
  // darker pixels' two modes and a ladder of steps below Otsu's, for shadows of any depth.
  // The largest region that is still a clean quadrilateral not running into the frame wins.
  {
    std::vector<double> thresholds;
    cv::Mat below = gray < otsu;
    std::vector<uchar> darker;
    for (int y = 0; y < gray.rows; ++y)
      for (int x = 0; x < gray.cols; ++x)
        if (below.at<uchar>(y, x)) darker.push_back(gray.at<uchar>(y, x));
    if (darker.size() > 100) {
      cv::Mat values(1, static_cast<int>(darker.size()), CV_8U, darker.data()), unused;
      thresholds.push_back(
          cv::threshold(values, unused, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU));
    }
    for (double step = 10; step <= 0.5 * otsu; step += 10) thresholds.push_back(otsu - step);
    double bestArea = cv::contourArea(*largest);
    double bestFill = quadFill(*largest);
    for (const double threshold : thresholds) {
      cv::Mat lower;
      cv::threshold(gray, lower, threshold, 255, cv::THRESH_BINARY);
      cv::morphologyEx(lower, lower, cv::MORPH_CLOSE,
                       cv::getStructuringElement(cv::MORPH_RECT, {9, 9}));
      std::vector<std::vector<cv::Point>> wider;
      cv::findContours(lower, wider, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
      if (wider.empty()) continue;
      const auto candidate = largestOf(wider);
      const double candidateArea = cv::contourArea(*candidate);
      const double share = candidateArea / (static_cast<double>(small.cols) * small.rows);
      const cv::Rect box = cv::boundingRect(*candidate);
      const bool inside =
          box.x > 2 && box.y > 2 && box.br().x < small.cols - 2 && box.br().y < small.rows - 2;
      const double fill = quadFill(*candidate);
      if (candidateArea > 1.15 * bestArea && share < 0.9 && inside && fill > 0.93 &&
          fill >= bestFill - 0.02) {
        contours = std::move(wider);
        largest = largestOf(contours);
        bestArea = candidateArea;
        bestFill = fill;
      }
    }
  }
  const double area = cv::contourArea(*largest);
  page.areaShare = area / (static_cast<double>(small.cols) * small.rows);
  if (page.areaShare < 0.12 || page.areaShare > 0.985) return page;
  page.found = true;
  page.maskScale = scale;
  page.mask = cv::Mat::zeros(small.size(), CV_8U);
  cv::drawContours(page.mask, contours, static_cast<int>(largest - contours.begin()),
                   cv::Scalar(255), cv::FILLED);

  // Sides where the page runs along the photo's border were cut off by the frame.
  const int margin = 3;
  int top = 0, bottom = 0, left = 0, right = 0;
  std::vector<cv::Point> dense;
  // The page's outline is kept apart: re-using `contours` here would leave `largest` dangling.
  std::vector<std::vector<cv::Point>> outline;
  cv::findContours(page.mask.clone(), outline, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  for (const cv::Point& p : outline.front()) {
    if (p.y <= margin) ++top;
    if (p.y >= small.rows - 1 - margin) ++bottom;
    if (p.x <= margin) ++left;
    if (p.x >= small.cols - 1 - margin) ++right;
  }
  const double minimum = 0.06;
  if (top > minimum * small.cols) page.cutSides.push_back("top");
  if (bottom > minimum * small.cols) page.cutSides.push_back("bottom");
  if (left > minimum * small.rows) page.cutSides.push_back("left");
  if (right > minimum * small.rows) page.cutSides.push_back("right");

  std::vector<cv::Point> hull;
  cv::convexHull(*largest, hull);
  std::vector<cv::Point> approx;
  cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
  std::vector<cv::Point2f> points;
  if (approx.size() == 4) {
    for (const auto& p : approx) points.emplace_back(p);
  } else {
    cv::Point2f box[4];
    cv::minAreaRect(hull).points(box);
    points.assign(box, box + 4);
  }
  for (auto& p : points) p *= static_cast<float>(1.0 / scale);
  page.corners = orderCorners(points);
  return page;
}

}  // namespace aviary
