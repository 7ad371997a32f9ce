#include "OcrCoverage.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace aviary {

double OcrCoverage::of(const cv::Mat& ocrPage, const std::vector<OcrLine>& lines) {
  cv::Mat ink;
  cv::threshold(ocrPage, ink, 150, 255, cv::THRESH_BINARY_INV);
  // Strokes of one character touch when dilated a little; a character is one blob.
  cv::dilate(ink, ink, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  cv::Mat covered = cv::Mat::zeros(ocrPage.size(), CV_8U);
  for (const OcrLine& line : lines) {
    const int pad = std::max(4, line.height / 4);
    const cv::Rect box =
        cv::Rect(line.x - pad, line.y - pad, line.width + 2 * pad, line.height + 2 * pad) &
        cv::Rect(0, 0, ocrPage.cols, ocrPage.rows);
    covered(box).setTo(255);
  }
  // Character-sized blobs only: specks of noise and leftover rules or seals say nothing.
  const int tallest = std::max(40, ocrPage.cols / 10);
  double total = 0.0, inside = 0.0;
  for (int i = 1; i < count; ++i) {
    const int width = stats.at<int>(i, cv::CC_STAT_WIDTH);
    const int height = stats.at<int>(i, cv::CC_STAT_HEIGHT);
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (height < 8 || height > tallest || width > 3 * tallest || area < 30) continue;
    total += area;
    const cv::Point centre(static_cast<int>(centroids.at<double>(i, 0)),
                           static_cast<int>(centroids.at<double>(i, 1)));
    if (covered.at<uchar>(centre) != 0) inside += area;
  }
  return total > 0.0 ? inside / total : 1.0;
}

}  // namespace aviary
