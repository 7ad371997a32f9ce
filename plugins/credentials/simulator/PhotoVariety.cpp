#include "PhotoVariety.h"

#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

double uniform(std::mt19937& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

}  // namespace

const char* PhotoVariety::toString(Shape shape) {
  switch (shape) {
    case Shape::LightDesk:
      return "light_desk";
    case Shape::Scan:
      return "scan";
    case Shape::DarkTable:
      return "dark_table";
  }
  return "dark_table";
}

cv::Mat PhotoVariety::onLightDesk(const cv::Mat& page, std::mt19937& random) {
  // A light grey or beige desk, a little darker than the paper, with the page turned a few
  // degrees and lit unevenly; the page fills 75-90% of the frame's width.
  const double fill = uniform(random, 0.75, 0.9);
  const int width = 1400;
  const int height = static_cast<int>(width * (double(page.rows) / page.cols) / fill * 1.05);
  const double grey = uniform(random, 185, 215);
  cv::Mat photo(height, width, CV_8UC3,
                cv::Scalar(grey - uniform(random, 0, 15), grey, grey + uniform(random, 0, 10)));
  cv::Mat grain(height, width, CV_8UC3);
  cv::randn(grain, cv::Scalar::all(0), cv::Scalar::all(6));
  photo += grain;
  const double scale = width * fill / page.cols;
  const double angle = uniform(random, -4, 4);
  cv::Mat transform = cv::getRotationMatrix2D({page.cols / 2.0f, page.rows / 2.0f}, angle, scale);
  transform.at<double>(0, 2) += width / 2.0 - page.cols / 2.0;
  transform.at<double>(1, 2) += height / 2.0 - page.rows / 2.0;
  cv::warpAffine(page, photo, transform, photo.size(), cv::INTER_AREA, cv::BORDER_TRANSPARENT);
  cv::Mat light(height, width, CV_32F);
  const double gx = uniform(random, -0.1, 0.1), base = uniform(random, 0.85, 0.97);
  for (int y = 0; y < height; ++y) light.row(y).setTo(base + gx * (double(y) / height - 0.5));
  cv::Mat lit;
  photo.convertTo(lit, CV_32FC3);
  std::vector<cv::Mat> channels;
  cv::split(lit, channels);
  for (auto& channel : channels) channel = channel.mul(light);
  cv::merge(channels, lit);
  lit.convertTo(photo, CV_8UC3);
  cv::GaussianBlur(photo, photo, {0, 0}, uniform(random, 0.3, 1.0));
  return photo;
}

cv::Mat PhotoVariety::asScan(const cv::Mat& page, std::mt19937& random) {
  // The page alone, at 60-130% of its rendered size, a scanner's slight skew and noise.
  cv::Mat scan;
  const double scale = uniform(random, 0.6, 1.3);
  cv::resize(page, scan, {}, scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  const cv::Mat skew = cv::getRotationMatrix2D({scan.cols / 2.0f, scan.rows / 2.0f},
                                               uniform(random, -1.0, 1.0), 1.0);
  cv::warpAffine(scan, scan, skew, scan.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::Mat noise(scan.size(), CV_8UC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(4));
  scan += noise;
  return scan;
}

}  // namespace aviary
