#include "PhotoDegrader.h"

#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

double uniform(std::mt19937& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

}  // namespace

cv::Mat PhotoDegrader::underLight(const cv::Mat& image, const cv::Mat& light) {
  cv::Mat lit;
  image.convertTo(lit, CV_32FC3);
  std::vector<cv::Mat> channels;
  cv::split(lit, channels);
  for (auto& channel : channels) channel = channel.mul(light);
  cv::merge(channels, lit);
  return lit;
}

const char* PhotoDegrader::toString(Fault fault) {
  switch (fault) {
    case Fault::None:
      return "none";
    case Fault::Blur:
      return "blur";
    case Fault::Dark:
      return "dark";
    case Fault::CutOff:
      return "cut_off";
    case Fault::Glare:
      return "glare";
    case Fault::Screen:
      return "screen";
  }
  return "none";
}

cv::Mat PhotoDegrader::photograph(const cv::Mat& page, Fault fault, std::mt19937& random) const {
  // The page fills 70-88% of the frame's width, like a careful phone photo.
  const double fill = uniform(random, 0.72, 0.88);
  const double aspect = static_cast<double>(page.rows) / page.cols;
  const int width = 1400;
  const int height = static_cast<int>(width * std::max(0.78, aspect * 1.0 + 0.12));
  const double pageWidth = width * fill;
  const double pageHeight = pageWidth * aspect;
  const double scaleLimit = (height * 0.9) / pageHeight;
  const double shrink = std::min(1.0, scaleLimit);
  const double w = pageWidth * shrink;
  const double h = pageHeight * shrink;
  cv::Point2f centre(static_cast<float>(width / 2.0 + uniform(random, -0.03, 0.03) * width),
                     static_cast<float>(height / 2.0 + uniform(random, -0.03, 0.03) * height));
  if (fault == Fault::CutOff) {
    // Push the page so 12-30% of it leaves the frame on one side.
    const int side = std::uniform_int_distribution<int>(0, 3)(random);
    const double out = uniform(random, 0.12, 0.3);
    if (side == 0) centre.y = static_cast<float>(height - h / 2 + h * out);
    if (side == 1) centre.y = static_cast<float>(h / 2 - h * out);
    if (side == 2) centre.x = static_cast<float>(w / 2 - w * out);
    if (side == 3) centre.x = static_cast<float>(width - w / 2 + w * out);
  }
  const double angle = uniform(random, -6, 6) * CV_PI / 180.0;
  std::vector<cv::Point2f> corners;
  const double dx[4] = {-0.5, 0.5, 0.5, -0.5};
  const double dy[4] = {-0.5, -0.5, 0.5, 0.5};
  const double tilt = uniform(random, -0.05, 0.05);  // keystone from holding the phone askew
  for (int i = 0; i < 4; ++i) {
    const double kx =
        dx[i] * w * (1.0 + (dy[i] < 0 ? tilt : -tilt)) + uniform(random, -0.02, 0.02) * w;
    const double ky = dy[i] * h + uniform(random, -0.02, 0.02) * h;
    corners.emplace_back(
        static_cast<float>(centre.x + kx * std::cos(angle) - ky * std::sin(angle)),
        static_cast<float>(centre.y + kx * std::sin(angle) + ky * std::cos(angle)));
  }
  if (fault != Fault::CutOff) {
    // A good photo shows all four corners: shrink the page about its centre until it fits.
    for (int attempt = 0; attempt < 20; ++attempt) {
      const cv::Rect2f box = cv::boundingRect(corners);
      if (box.x > 0.03f * width && box.y > 0.03f * height && box.br().x < 0.97f * width &&
          box.br().y < 0.97f * height)
        break;
      for (auto& corner : corners) corner = centre + (corner - centre) * 0.95f;
    }
  }
  const std::vector<cv::Point2f> source = {
      {0, 0},
      {static_cast<float>(page.cols), 0},
      {static_cast<float>(page.cols), static_cast<float>(page.rows)},
      {0, static_cast<float>(page.rows)}};
  // A wooden or grey table under the page.
  const cv::Scalar tables[] = {{60, 90, 130}, {90, 90, 95}, {40, 60, 80}, {110, 100, 90}};
  cv::Mat photo(height, width, CV_8UC3, tables[std::uniform_int_distribution<int>(0, 3)(random)]);
  cv::Mat grain(height, width, CV_8UC3);
  cv::randn(grain, cv::Scalar::all(0), cv::Scalar::all(12));
  cv::GaussianBlur(grain, grain, {0, 0}, 3);
  photo += grain;
  const cv::Mat transform = cv::getPerspectiveTransform(source, corners);
  cv::warpPerspective(page, photo, transform, photo.size(), cv::INTER_AREA, cv::BORDER_TRANSPARENT);

  cv::Mat light(height, width, CV_32F);
  {
    // Uneven light: a soft gradient and sometimes a hand's shadow.
    const double gx = uniform(random, -0.12, 0.12);
    const double gy = uniform(random, -0.12, 0.12);
    const double base = uniform(random, 0.8, 0.93);
    for (int y = 0; y < height; ++y) {
      float* row = light.ptr<float>(y);
      for (int x = 0; x < width; ++x)
        row[x] = static_cast<float>(base + gx * (x / static_cast<double>(width) - 0.5) +
                                    gy * (y / static_cast<double>(height) - 0.5));
    }
    if (uniform(random, 0, 1) < 0.4) {
      cv::Mat shadow(height, width, CV_32F, cv::Scalar(0));
      const cv::Point a(static_cast<int>(uniform(random, 0, width)), 0);
      const cv::Point b(static_cast<int>(uniform(random, 0, width)), height);
      std::vector<cv::Point> region = {a, b, {width, height}, {width, 0}};
      cv::fillConvexPoly(shadow, region, cv::Scalar(uniform(random, 0.2, 0.35)));
      cv::GaussianBlur(shadow, shadow, {0, 0}, 40);
      light -= shadow;
    }
  }
  if (fault == Fault::Dark) light *= uniform(random, 0.12, 0.22);
  cv::Mat photoFloat = underLight(photo, light);

  if (fault == Fault::Glare) {
    // A lamp's reflection: a saturated blob over the text.
    cv::Mat glare(height, width, CV_32F, cv::Scalar(0));
    const cv::Point spot(static_cast<int>(centre.x + uniform(random, -0.25, 0.25) * w),
                         static_cast<int>(centre.y + uniform(random, -0.25, 0.25) * h));
    const cv::Size axes(static_cast<int>(w * uniform(random, 0.14, 0.24)),
                        static_cast<int>(h * uniform(random, 0.08, 0.14)));
    cv::ellipse(glare, spot, axes, uniform(random, 0, 180), 0, 360, cv::Scalar(400), -1);
    cv::GaussianBlur(glare, glare, {0, 0}, 18);
    std::vector<cv::Mat> parts;
    cv::split(photoFloat, parts);
    for (auto& part : parts) part += glare;
    cv::merge(parts, photoFloat);
  }
  if (fault == Fault::Screen) {
    // A photo of a monitor: the sub-pixel grid beats against the sensor (moire) and the
    // backlight tints the page blue.
    const double period = uniform(random, 3.0, 4.5);
    const double beat = uniform(random, 0.02, 0.05);
    const double tiltAngle = uniform(random, 0.05, 0.3);
    for (int y = 0; y < height; ++y) {
      cv::Vec3f* row = photoFloat.ptr<cv::Vec3f>(y);
      for (int x = 0; x < width; ++x) {
        const double u = x * std::cos(tiltAngle) + y * std::sin(tiltAngle);
        const double grid = 0.75 + 0.25 * std::cos(2 * CV_PI * u / period);
        const double moire = 0.82 + 0.18 * std::cos(2 * CV_PI * beat * (x + 0.6 * y));
        const double scanline = 0.85 + 0.15 * std::cos(2 * CV_PI * y / period);
        row[x] = cv::Vec3f(static_cast<float>(row[x][0] * grid * moire * scanline * 1.1),
                           static_cast<float>(row[x][1] * grid * moire * scanline),
                           static_cast<float>(row[x][2] * grid * moire * scanline * 0.85));
      }
    }
  }
  photoFloat.convertTo(photo, CV_8UC3);
  const double sigma = fault == Fault::Blur ? uniform(random, 3.5, 6.0) : uniform(random, 0.0, 1.0);
  if (fault == Fault::Blur && uniform(random, 0, 1) < 0.5) {
    // Motion blur: the hand moved.
    const int length = static_cast<int>(uniform(random, 16, 28));
    cv::Mat kernel = cv::Mat::zeros(length, length, CV_32F);
    cv::line(kernel, {0, length / 2}, {length - 1, length / 2}, cv::Scalar(1), 1);
    const cv::Mat rotation =
        cv::getRotationMatrix2D({length / 2.0f, length / 2.0f}, uniform(random, 0, 180), 1.0);
    cv::warpAffine(kernel, kernel, rotation, kernel.size());
    kernel /= cv::sum(kernel)[0];
    cv::filter2D(photo, photo, -1, kernel);
  } else if (sigma > 0.3) {
    cv::GaussianBlur(photo, photo, {0, 0}, sigma);
  }
  cv::Mat noise(photo.size(), CV_16SC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(uniform(random, 2, 6)));
  cv::Mat noisy;
  photo.convertTo(noisy, CV_16SC3);
  noisy += noise;
  noisy.convertTo(photo, CV_8UC3);
  return photo;
}

}  // namespace aviary
