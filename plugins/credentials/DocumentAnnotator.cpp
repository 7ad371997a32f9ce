#include "DocumentAnnotator.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace aviary {

std::vector<std::uint8_t> DocumentAnnotator::annotatedJpeg(const cv::Mat& page,
                                                           const DocumentReading& reading) {
  cv::Mat canvas = page.clone();
  if (canvas.channels() == 1) cv::cvtColor(canvas, canvas, cv::COLOR_GRAY2BGR);
  // The page outline, then one box per field: green when confident, orange otherwise.
  cv::rectangle(canvas, {0, 0, canvas.cols, canvas.rows}, cv::Scalar(200, 120, 0), 6);
  for (const auto& [name, field] : reading.fields) {
    if (field.width <= 0) continue;
    const cv::Scalar colour =
        field.confidence >= 0.8 ? cv::Scalar(40, 170, 40) : cv::Scalar(0, 140, 255);
    cv::rectangle(canvas, {field.x, field.y, field.width, field.height}, colour, 2);
    cv::putText(canvas, name, {field.x, std::max(12, field.y - 4)}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
                colour, 1, cv::LINE_AA);
  }
  cv::putText(canvas, reading.kind + " " + std::to_string(reading.confidence).substr(0, 4),
              {10, 28}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(200, 120, 0), 2, cv::LINE_AA);
  // Keep artifacts small: the workbench shows them at screen size.
  const double scale = std::min(1.0, 900.0 / std::max(canvas.cols, canvas.rows));
  if (scale < 1.0) cv::resize(canvas, canvas, {}, scale, scale, cv::INTER_AREA);
  std::vector<std::uint8_t> jpeg;
  cv::imencode(".jpg", canvas, jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
  return jpeg;
}

}  // namespace aviary
