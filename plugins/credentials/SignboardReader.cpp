#include "SignboardReader.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "OcrEngine.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

int cjkCount(const std::string& text) {
  int count = 0;
  for (const std::string& c : TextSimilarity::codePoints(text))
    if (c.size() == 3 && static_cast<unsigned char>(c[0]) >= 0xE4 &&
        static_cast<unsigned char>(c[0]) <= 0xE9)
      ++count;
  return count;
}

// Board-like regions: saturated or black paint, and anything far in colour from the facade
// (the median colour of the photo's top and side margins, which show the wall).
std::vector<cv::Mat> boardMasks(const cv::Mat& photo) {
  std::vector<cv::Mat> masks;
  cv::Mat hsv, paint, dark;
  cv::cvtColor(photo, hsv, cv::COLOR_BGR2HSV);
  cv::inRange(hsv, cv::Scalar(0, 90, 40), cv::Scalar(180, 255, 255), paint);
  cv::inRange(hsv, cv::Scalar(0, 0, 0), cv::Scalar(180, 255, 45), dark);
  // At night most of the frame is dark: black paint is then no cue.
  if (cv::countNonZero(dark) < static_cast<int>(dark.total() * 0.35)) paint |= dark;
  masks.push_back(paint);

  cv::Mat lab;
  cv::cvtColor(photo, lab, cv::COLOR_BGR2Lab);
  const int margin = std::max(4, photo.rows / 25);
  std::vector<cv::Vec3b> wall;
  for (int y = 0; y < photo.rows; y += 3)
    for (int x = 0; x < photo.cols; x += 3)
      if (y < margin || (y < photo.rows * 2 / 3 && (x < margin || x >= photo.cols - margin)))
        wall.push_back(lab.at<cv::Vec3b>(y, x));
  if (wall.empty()) return masks;
  cv::Vec3f median;
  for (int c = 0; c < 3; ++c) {
    std::vector<int> values;
    for (const auto& v : wall) values.push_back(v[c]);
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    median[c] = static_cast<float>(values[values.size() / 2]);
  }
  cv::Mat difference;
  lab.convertTo(difference, CV_32FC3);
  difference -= cv::Scalar(median[0], median[1], median[2]);
  cv::Mat squared;
  cv::multiply(difference, difference, squared);
  std::vector<cv::Mat> parts;
  cv::split(squared, parts);
  cv::Mat distance;
  cv::sqrt(parts[0] + parts[1] + parts[2], distance);
  cv::Mat unlike;
  cv::threshold(distance, unlike, 30.0, 255, cv::THRESH_BINARY);
  unlike.convertTo(unlike, CV_8U);
  masks.push_back(unlike);
  return masks;
}

// The four corners of a contour, ordered top-left, top-right, bottom-right, bottom-left.
std::optional<std::vector<cv::Point2f>> quadOf(const std::vector<cv::Point>& contour) {
  std::vector<cv::Point> hull, polygon;
  cv::convexHull(contour, hull);
  const double perimeter = cv::arcLength(hull, true);
  for (double share : {0.02, 0.03, 0.05}) {
    cv::approxPolyDP(hull, polygon, share * perimeter, true);
    if (polygon.size() == 4) break;
  }
  if (polygon.size() != 4) return std::nullopt;
  std::vector<cv::Point2f> corners(polygon.begin(), polygon.end());
  std::sort(corners.begin(), corners.end(),
            [](const cv::Point2f& a, const cv::Point2f& b) { return a.y < b.y; });
  if (corners[0].x > corners[1].x) std::swap(corners[0], corners[1]);
  if (corners[2].x < corners[3].x) std::swap(corners[2], corners[3]);
  return corners;
}

}  // namespace

std::optional<SignboardReader::Signboard> SignboardReader::read(const cv::Mat& photo) {
  const bool debug = std::getenv("AVIARY_OCR_DEBUG") != nullptr;
  struct Candidate {
    std::vector<cv::Point2f> corners;
    cv::Rect box;
    double area = 0;
  };
  std::vector<Candidate> candidates;
  // Boards are large: find them at 700 px, read them at full resolution.
  const double scale = std::min(1.0, 700.0 / std::max(photo.cols, photo.rows));
  cv::Mat small = photo;
  if (scale < 1.0) cv::resize(photo, small, {}, scale, scale, cv::INTER_AREA);
  const auto sized = [&](int side) { return std::max(3, static_cast<int>(side * scale) | 1); };
  for (cv::Mat& mask : boardMasks(small)) {
    // Close small gaps only: the board's outline is what matters (letters inside it leave
    // holes, not notches), and the board must not merge with the shop front below it.
    cv::morphologyEx(mask, mask, cv::MORPH_CLOSE,
                     cv::getStructuringElement(cv::MORPH_RECT, {sized(15), sized(7)}));
    cv::morphologyEx(mask, mask, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_RECT, {sized(9), sized(9)}));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (auto& contour : contours) {
      for (cv::Point& point : contour)
        point = cv::Point(static_cast<int>(point.x / scale), static_cast<int>(point.y / scale));
      const cv::RotatedRect rotated = cv::minAreaRect(contour);
      const float longSide = std::max(rotated.size.width, rotated.size.height);
      const float shortSide = std::min(rotated.size.width, rotated.size.height);
      if (longSide < 0.3f * photo.cols || shortSide < 30 || longSide < 2.5f * shortSide) continue;
      // A board is a filled quadrilateral (the table around a page is not).
      const double area = cv::contourArea(contour);
      if (area < 0.8 * rotated.size.area()) continue;
      Candidate candidate;
      candidate.box = cv::boundingRect(contour) & cv::Rect(0, 0, photo.cols, photo.rows);
      candidate.area = area;
      if (auto quad = quadOf(contour)) {
        candidate.corners = *quad;
      } else {
        cv::Point2f points[4];
        rotated.points(points);
        candidate.corners.assign(points, points + 4);
        std::vector<cv::Point> asInts(candidate.corners.begin(), candidate.corners.end());
        if (auto ordered = quadOf(asInts)) candidate.corners = *ordered;
      }
      const bool duplicate = std::any_of(candidates.begin(), candidates.end(), [&](auto& other) {
        const double overlap = (other.box & candidate.box).area();
        return overlap > 0.8 * std::min(other.box.area(), candidate.box.area());
      });
      if (!duplicate) candidates.push_back(candidate);
    }
  }
  if (debug) std::cerr << "signboard candidates " << candidates.size() << "\n";
  // The largest regions first; reading costs a Tesseract call each.
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.area > b.area; });
  if (candidates.size() > 3) candidates.resize(3);

  std::optional<Signboard> best;
  for (const Candidate& candidate : candidates) {
    // Pull the corners in a little: the rim of the board (found at low resolution) is no text.
    std::vector<cv::Point2f> c = candidate.corners;
    const cv::Point2f centre = (c[0] + c[1] + c[2] + c[3]) * 0.25f;
    for (cv::Point2f& corner : c) corner = centre + (corner - centre) * 0.97f;
    const double width = std::max(cv::norm(c[1] - c[0]), cv::norm(c[2] - c[3]));
    const double height = std::max(cv::norm(c[3] - c[0]), cv::norm(c[2] - c[1]));
    if (width < 2.0 * height) continue;
    // Straighten the board to a 90-pixel-high strip: the size Tesseract reads best.
    const double scale = 90.0 / height;
    const cv::Size size(static_cast<int>(width * scale), 90);
    const std::vector<cv::Point2f> target = {{0, 0},
                                             {static_cast<float>(size.width), 0},
                                             {static_cast<float>(size.width), 90.0f},
                                             {0, 90.0f}};
    cv::Mat upright, gray, crop;
    cv::warpPerspective(photo, upright, cv::getPerspectiveTransform(c, target), size,
                        cv::INTER_AREA, cv::BORDER_REPLICATE);
    cv::cvtColor(upright, gray, cv::COLOR_BGR2GRAY);
    cv::threshold(gray, crop, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
    // Dark text on a light ground, whichever way round the board is painted.
    if (cv::countNonZero(crop) < static_cast<int>(crop.total() / 2)) crop = 255 - crop;
    // Cut to the lettering (the board's rim and corners are not text) and bring the
    // characters to ~60 px, where the engine reads best.
    cv::Mat ink = crop(cv::Rect(4, 4, crop.cols - 8, crop.rows - 8)) < 128;
    const cv::Rect letters = cv::boundingRect(ink) + cv::Point(4, 4);
    if (letters.height < 10 || letters.width < 20) continue;
    crop = crop(letters).clone();
    const double lettering = 60.0 / letters.height;
    cv::resize(crop, crop, {}, lettering, lettering,
               lettering < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::copyMakeBorder(crop, crop, 16, 16, 16, 16, cv::BORDER_CONSTANT, cv::Scalar(255));
    OcrLine line = OcrEngine::readLine(crop);
    line.text = TextSimilarity::compact(line.text);
    line.x = candidate.box.x;
    line.y = candidate.box.y;
    line.width = candidate.box.width;
    line.height = candidate.box.height;
    if (debug) {
      std::cerr << "sign " << line.confidence << " " << line.text << "\n";
      cv::imwrite(std::getenv("AVIARY_OCR_DEBUG") + std::string("/signboard.png"), crop);
    }
    if (cjkCount(line.text) >= 2 && line.confidence > 0.3 &&
        (!best || line.confidence > best->line.confidence))
      best = Signboard{line, candidate.box, 0};
  }
  if (best) best->candidates = static_cast<int>(candidates.size());
  return best;
}

}  // namespace aviary
