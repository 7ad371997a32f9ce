#include "PhotoQualityGate.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

double percentile(const cv::Mat& values, const cv::Mat& mask, double share) {
  std::vector<float> picked;
  picked.reserve(static_cast<std::size_t>(values.total()));
  for (int y = 0; y < values.rows; ++y) {
    const float* row = values.ptr<float>(y);
    const uchar* m = mask.empty() ? nullptr : mask.ptr<uchar>(y);
    for (int x = 0; x < values.cols; ++x)
      if (m == nullptr || m[x]) picked.push_back(row[x]);
  }
  if (picked.empty()) return 0.0;
  const auto at = picked.begin() + static_cast<long>(share * (picked.size() - 1));
  std::nth_element(picked.begin(), at, picked.end());
  return *at;
}

// Peak-to-mean ratio of the spectrum's high band: a screen's pixel grid is a sharp peak.
double screenPeak(const cv::Mat& gray) {
  const int n = 256;
  if (gray.cols < n || gray.rows < n) return 0.0;
  cv::Mat crop;
  gray(cv::Rect((gray.cols - n) / 2, (gray.rows - n) / 2, n, n)).convertTo(crop, CV_32F);
  crop -= cv::mean(crop)[0];
  cv::Mat window;
  cv::createHanningWindow(window, crop.size(), CV_32F);
  crop = crop.mul(window);
  cv::Mat spectrum;
  cv::dft(crop, spectrum, cv::DFT_COMPLEX_OUTPUT);
  std::vector<cv::Mat> parts;
  cv::split(spectrum, parts);
  cv::Mat magnitude;
  cv::magnitude(parts[0], parts[1], magnitude);
  double peak = 0.0, sum = 0.0;
  int count = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const int fy = y < n / 2 ? y : y - n;
      const int fx = x < n / 2 ? x : x - n;
      const double radius = std::sqrt(double(fx * fx + fy * fy));
      if (radius < 0.2 * n || radius > 0.5 * n) continue;
      const double v = magnitude.at<float>(y, x);
      peak = std::max(peak, v);
      sum += v;
      ++count;
    }
  return count == 0 || sum <= 0 ? 0.0 : peak / (sum / count);
}

std::string sideName(const std::string& side) {
  if (side == "bottom") return "lower part";
  if (side == "top") return "upper part";
  return side + " side";
}

}  // namespace

PhotoQualityGate::Verdict PhotoQualityGate::assess(const cv::Mat& photo,
                                                   const PageDetector::Page& page) {
  Verdict verdict;
  cv::Mat small, gray;
  const double scale = 1000.0 / std::max(photo.cols, photo.rows);
  cv::resize(photo, small, {}, scale, scale, cv::INTER_AREA);
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  cv::Mat mask;
  if (page.found) cv::resize(page.mask, mask, gray.size(), 0, 0, cv::INTER_NEAREST);
  cv::Mat grayFloat;
  gray.convertTo(grayFloat, CV_32F);

  // A page filling the frame may have dark surroundings at its edges: its paper is the
  // brighter part of the picture.
  const double brightness = percentile(grayFloat, mask, page.wholeFrame ? 0.75 : 0.5);
  const double bright = percentile(grayFloat, mask, 0.95);
  verdict.metrics["brightness"] = brightness;
  double clipped = 0.0;
  if (!mask.empty()) {
    cv::Mat hot = (gray >= 250) & mask;
    clipped = cv::countNonZero(hot) / std::max(1.0, double(cv::countNonZero(mask)));
  } else {
    clipped = cv::countNonZero(gray >= 250) / double(gray.total());
  }
  verdict.metrics["glare_share"] = clipped;

  // Sharpness at the photo's own resolution (a shrunken photo would look sharper): the
  // weakest of the horizontal and vertical second derivatives, so motion blur in one
  // direction still counts.
  cv::Mat full, smooth;
  cv::cvtColor(photo, full, cv::COLOR_BGR2GRAY);
  cv::Mat fullMask;
  if (page.found) cv::resize(page.mask, fullMask, full.size(), 0, 0, cv::INTER_NEAREST);
  cv::GaussianBlur(full, smooth, {0, 0}, 1.0);
  double sharpness = 1e9;
  for (const auto& [dx, dy] : {std::make_pair(2, 0), std::make_pair(0, 2)}) {
    cv::Mat derivative;
    cv::Sobel(smooth, derivative, CV_32F, dx, dy, 3);
    sharpness = std::min(sharpness, percentile(cv::abs(derivative), fullMask, 0.995));
  }
  verdict.metrics["sharpness"] = sharpness;
  // A screen's backlight casts the page blue.
  const cv::Scalar meanColour = cv::mean(small, mask);
  const double blueCast = meanColour[0] / std::max(1.0, meanColour[2]);
  verdict.metrics["blue_cast"] = blueCast;
  const double screen = screenPeak(full);
  verdict.metrics["screen_peak"] = screen;
  verdict.metrics["page_share"] = page.areaShare;
  // Only a page that stands clear of its background can be cut off: a region of under 30%
  // of the photo is no page, and one of over 90% is a page filling the frame (a scan, or a
  // page that merged with a light desk around it), read as it is.
  // A page running off two opposite sides spans the frame (a long till receipt shot to fill
  // it): that is how it was framed, not a cut.
  const auto has = [&](const char* side) {
    return std::find(page.cutSides.begin(), page.cutSides.end(), side) != page.cutSides.end();
  };
  const bool spans = (has("top") && has("bottom")) || (has("left") && has("right"));
  const bool framed = !page.wholeFrame && page.areaShare >= 0.3 && page.areaShare <= 0.9 && !spans;
  const std::vector<std::string> cutSides = framed ? page.cutSides : std::vector<std::string>{};

  if (screen > kMaxScreenPeak || (screen > kMaxScreenPeakIfBlue && blueCast > kMinBlueCast)) {
    verdict.problems.push_back("screen");
    verdict.reshoot =
        "this looks like a photo of a screen: photograph the paper document itself, or send "
        "the original file";
  } else if (brightness < kMinBrightness) {
    verdict.problems.push_back("dark");
    verdict.reshoot =
        "the photo is too dark to read: turn on a light or move to a window and shoot again";
  } else if (!page.found) {
    verdict.problems.push_back("no_page");
    verdict.reshoot =
        "no page was found in the photo: lay the document flat on a darker surface and fill "
        "the frame with it";
  } else if (!cutSides.empty()) {
    verdict.problems.push_back("cut_off");
    verdict.reshoot = "the " + sideName(cutSides.front()) +
                      " of the page is cut off: step back so all four corners show";
  } else if (clipped > kMaxGlareShare && bright >= 250 && brightness < kMaxGlarePaper) {
    verdict.problems.push_back("glare");
    verdict.reshoot =
        "a reflection hides part of the page: tilt the phone or move away from the lamp so "
        "there is no glare";
  } else if (sharpness < kMinSharpness) {
    verdict.problems.push_back("blur");
    verdict.reshoot =
        "the photo is blurred: hold the phone steady, tap the page to focus and shoot again";
  }
  return verdict;
}

}  // namespace aviary
