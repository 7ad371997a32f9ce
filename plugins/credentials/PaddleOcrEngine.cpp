#include "PaddleOcrEngine.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "PluginLoader.h"

namespace aviary {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDetector = "ch_PP-OCRv4_det_infer.onnx";
constexpr const char* kRecogniser = "ch_PP-OCRv4_rec_infer.onnx";
constexpr const char* kClassifier = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
constexpr const char* kCharacters = "ppocr_keys_v1.txt";

// DB post-processing, as PaddleOCR sets it: pixels above 0.3 are text, a box whose mean
// probability is below 0.6 is dropped, and each box grows by area * 1.5 / perimeter.
constexpr float kTextThreshold = 0.3f;
constexpr double kBoxThreshold = 0.6;
constexpr double kUnclipRatio = 1.5;
constexpr int kLineHeight = 48;  // the recogniser's input height

struct Networks {
  fs::path directory;
  // OpenCV 4.6 sizes the detector's Resize layers once, at the first forward: a later input
  // of another size comes out wrong. So each input size (a few, see detect) has its own net.
  std::map<std::pair<int, int>, cv::dnn::Net> detectors;
  cv::dnn::Net recogniser, classifier;
  std::vector<std::string> characters;  // index 0 is CTC's blank

  cv::dnn::Net& detector(int width, int height) {
    auto it = detectors.find({width, height});
    if (it == detectors.end())
      it = detectors
               .emplace(std::make_pair(width, height),
                        cv::dnn::readNetFromONNX((directory / kDetector).string()))
               .first;
    return it->second;
  }
};

Networks load(const fs::path& directory) {
  Networks networks;
  networks.directory = directory;
  networks.detector(960, 960);  // fails here, not on the first page, if the model is bad
  networks.recogniser = cv::dnn::readNetFromONNX((directory / kRecogniser).string());
  networks.classifier = cv::dnn::readNetFromONNX((directory / kClassifier).string());
  std::ifstream keys(directory / kCharacters);
  networks.characters.push_back("");
  for (std::string line; std::getline(keys, line);) networks.characters.push_back(line);
  networks.characters.push_back(" ");  // the models are trained with a space character
  return networks;
}

// nullptr when the models are missing or fail to load; each thread loads its own once.
Networks* networks() {
  thread_local std::unique_ptr<Networks> loaded;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    if (const auto directory = PaddleOcrEngine::modelDirectory()) {
      // The ONNX importer warns about every rewritten node; quiet it while loading only,
      // and give the process its own level back.
      const auto previous = cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
      try {
        loaded = std::make_unique<Networks>(load(*directory));
        cv::utils::logging::setLogLevel(previous);
      } catch (const cv::Exception& e) {
        cv::utils::logging::setLogLevel(previous);
        static std::once_flag once;
        std::call_once(once, [&] {
          std::cerr << "aviary: the PP-OCR models in " << directory->string() << " do not load ("
                    << e.err << "); reading with Tesseract\n";
        });
      }
    }
  }
  return loaded.get();
}

cv::Mat asBgr(const cv::Mat& image) {
  if (image.channels() == 3) return image;
  cv::Mat bgr;
  cv::cvtColor(image, bgr, image.channels() == 4 ? cv::COLOR_BGRA2BGR : cv::COLOR_GRAY2BGR);
  return bgr;
}

// Corners top-left, top-right, bottom-right, bottom-left, as PaddleOCR orders a box.
std::array<cv::Point2f, 4> corners(const cv::RotatedRect& rect) {
  cv::Point2f p[4];
  rect.points(p);
  std::sort(p, p + 4, [](const cv::Point2f& a, const cv::Point2f& b) { return a.x < b.x; });
  std::array<cv::Point2f, 4> ordered;
  ordered[0] = p[0].y <= p[1].y ? p[0] : p[1];
  ordered[3] = p[0].y <= p[1].y ? p[1] : p[0];
  ordered[1] = p[2].y <= p[3].y ? p[2] : p[3];
  ordered[2] = p[2].y <= p[3].y ? p[3] : p[2];
  return ordered;
}

double meanInside(const cv::Mat& probability, const std::array<cv::Point2f, 4>& box) {
  std::vector<cv::Point> polygon;
  for (const auto& p : box) polygon.emplace_back(cvRound(p.x), cvRound(p.y));
  const cv::Rect bounds =
      cv::boundingRect(polygon) & cv::Rect(0, 0, probability.cols, probability.rows);
  if (bounds.area() == 0) return 0.0;
  cv::Mat mask = cv::Mat::zeros(bounds.size(), CV_8U);
  for (auto& p : polygon) p -= bounds.tl();
  cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(255));
  return cv::mean(probability(bounds), mask)[0];
}

}  // namespace

namespace {

fs::path& configuredModelDirectory() {
  static fs::path directory;
  return directory;
}

bool holdsModels(const fs::path& directory) {
  std::error_code ignored;
  for (const char* file : {kDetector, kRecogniser, kClassifier, kCharacters})
    if (directory.empty() || !fs::exists(directory / file, ignored)) return false;
  return true;
}

}  // namespace

void PaddleOcrEngine::setModelDirectory(const fs::path& directory) {
  configuredModelDirectory() = directory;
}

std::optional<fs::path> PaddleOcrEngine::modelDirectory() {
  if (const char* env = std::getenv("AVIARY_OCR_MODELS"); env != nullptr && *env)
    return holdsModels(env) ? std::optional<fs::path>(env) : std::nullopt;
  if (holdsModels(configuredModelDirectory())) return configuredModelDirectory();
  // Tests and benchmarks link the reader without the loader: the plugin's folder beside
  // the program, in the build tree as in an install.
  for (const auto& plugins : PluginLoader::defaultSearchPath())
    if (holdsModels(plugins / "credentials" / "models" / "ppocr"))
      return plugins / "credentials" / "models" / "ppocr";
  return std::nullopt;
}

bool PaddleOcrEngine::available() {
  if (networks() != nullptr) return true;
  static std::once_flag once;
  std::call_once(once, [] {
    if (!modelDirectory())
      std::cerr << "aviary: PP-OCR models not installed (./dev build fetches them, or set "
                   "AVIARY_OCR_MODELS); reading documents with Tesseract\n";
  });
  return false;
}

std::vector<PaddleOcrEngine::Box> PaddleOcrEngine::detect(const cv::Mat& page, int maxSide) {
  std::vector<Box> boxes;
  Networks* nets = networks();
  if (nets == nullptr || page.empty()) return boxes;
  const cv::Mat bgr = asBgr(page);
  // The long side at `maxSide` (a small picture at most doubled), unless that leaves the
  // short side under 2/3 of it (a till receipt): then the short side at 2/3 of `maxSide`
  // and the long side up to 5/3. Placed top-left on a canvas whose sides are multiples of
  // 160: few canvas sizes, so few nets (see Networks).
  const int longSide = std::max(bgr.cols, bgr.rows), shortSide = std::min(bgr.cols, bgr.rows);
  double scale = double(maxSide) / longSide;
  if (shortSide * scale < maxSide * 2.0 / 3.0)
    scale = std::min(maxSide * 2.0 / 3.0 / shortSide, maxSide * 5.0 / 3.0 / longSide);
  scale = std::min(2.0, scale);
  const int scaledWidth = std::max(8, int(std::round(bgr.cols * scale)));
  const int scaledHeight = std::max(8, int(std::round(bgr.rows * scale)));
  auto canvasSide = [](int side) { return std::max(160, (side + 159) / 160 * 160); };
  const int width = canvasSide(scaledWidth), height = canvasSide(scaledHeight);
  cv::Mat resized;
  cv::resize(bgr, resized, {scaledWidth, scaledHeight}, 0, 0, cv::INTER_LINEAR);
  // ImageNet mean and deviation, on the BGR image as PaddleOCR feeds it; the canvas beyond
  // the picture is the normalised 0 (mid grey).
  cv::Mat input(height, width, CV_32FC3, cv::Scalar::all(0));
  cv::Mat picture = input(cv::Rect(0, 0, scaledWidth, scaledHeight));
  resized.convertTo(picture, CV_32FC3, 1.0 / 255.0);
  cv::subtract(picture, cv::Scalar(0.485, 0.456, 0.406), picture);
  cv::divide(picture, cv::Scalar(0.229, 0.224, 0.225), picture);
  cv::dnn::Net& detector = nets->detector(width, height);
  detector.setInput(cv::dnn::blobFromImage(input));
  const cv::Mat output = detector.forward();
  const cv::Mat probability(height, width, CV_32F, const_cast<float*>(output.ptr<float>()));
  const cv::Mat text = probability > kTextThreshold;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(text, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
  const double sx = double(bgr.cols) / scaledWidth, sy = double(bgr.rows) / scaledHeight;
  for (const auto& contour : contours) {
    if (contour.size() < 4) continue;
    cv::RotatedRect rect = cv::minAreaRect(contour);
    if (std::min(rect.size.width, rect.size.height) < 3) continue;
    const double score = meanInside(probability, corners(rect));
    if (score < kBoxThreshold) continue;
    const double w = rect.size.width, h = rect.size.height;
    const double grow = w * h * kUnclipRatio / (2.0 * (w + h));
    rect.size.width += float(2 * grow);
    rect.size.height += float(2 * grow);
    if (std::min(rect.size.width, rect.size.height) < 5) continue;
    // Back to page pixels (the two axes scale alike up to rounding to 32).
    cv::Point2f p[4];
    rect.points(p);
    std::vector<cv::Point2f> scaled;
    for (const auto& q : p)
      scaled.emplace_back(std::clamp(float(q.x * sx), 0.0f, float(bgr.cols - 1)),
                          std::clamp(float(q.y * sy), 0.0f, float(bgr.rows - 1)));
    boxes.push_back({cv::minAreaRect(scaled), score});
  }
  std::sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) {
    const double ay = a.rect.center.y, by = b.rect.center.y;
    const double tolerance =
        0.5 * std::min(a.rect.boundingRect2f().height, b.rect.boundingRect2f().height);
    if (std::abs(ay - by) > tolerance) return ay < by;
    return a.rect.center.x < b.rect.center.x;
  });
  return boxes;
}

cv::Mat PaddleOcrEngine::cut(const cv::Mat& page, const cv::RotatedRect& box) {
  const auto c = corners(box);
  const float width = std::max(cv::norm(c[0] - c[1]), cv::norm(c[2] - c[3]));
  const float height = std::max(cv::norm(c[0] - c[3]), cv::norm(c[1] - c[2]));
  if (width < 1 || height < 1) return {};
  const std::vector<cv::Point2f> from(c.begin(), c.end());
  const std::vector<cv::Point2f> to = {{0, 0}, {width, 0}, {width, height}, {0, height}};
  cv::Mat line;
  cv::warpPerspective(page, line, cv::getPerspectiveTransform(from, to),
                      {int(std::ceil(width)), int(std::ceil(height))}, cv::INTER_CUBIC,
                      cv::BORDER_REPLICATE);
  // A box much taller than wide is a line standing on its side.
  if (line.rows >= 1.5 * line.cols) cv::rotate(line, line, cv::ROTATE_90_COUNTERCLOCKWISE);
  return line;
}

OcrLine PaddleOcrEngine::recognise(const cv::Mat& image) {
  OcrLine line;
  Networks* nets = networks();
  if (nets == nullptr || image.empty()) return line;
  const cv::Mat bgr = asBgr(image);
  const int resizedWidth =
      std::clamp(int(std::ceil(kLineHeight * double(bgr.cols) / std::max(1, bgr.rows))), 8, 4000);
  cv::Mat resized;
  cv::resize(bgr, resized, {resizedWidth, kLineHeight}, 0, 0, cv::INTER_LINEAR);
  // Short lines are padded (with the normalised grey 0) to the width the model was trained
  // at; CTC reads the padding as blanks.
  const int inputWidth = std::max(resizedWidth, 2 * kLineHeight);
  cv::Mat input(kLineHeight, inputWidth, CV_32FC3, cv::Scalar::all(0));
  resized.convertTo(input(cv::Rect(0, 0, resizedWidth, kLineHeight)), CV_32FC3, 1.0 / 127.5, -1.0);
  nets->recogniser.setInput(cv::dnn::blobFromImage(input));
  const cv::Mat output = nets->recogniser.forward();  // 1 x steps x classes
  const int classes = output.size[2];
  const double pixelsPerStep = double(inputWidth) / output.size[1] * bgr.cols / resizedWidth;
  int previous = 0;
  double sum = 0.0;
  std::vector<int> steps;  // the step each character fired at
  for (int t = 0; t < output.size[1]; ++t) {
    const float* p = output.ptr<float>(0, t);
    const int best = int(std::max_element(p, p + classes) - p);
    if (best != 0 && best != previous && best < int(nets->characters.size())) {
      line.symbols.push_back(
          {nets->characters[best], int(t * pixelsPerStep), std::max(1, int(pixelsPerStep))});
      steps.push_back(t);
      sum += p[best];
    }
    previous = best;
  }
  line.confidence = line.symbols.empty() ? 0.0 : sum / line.symbols.size();
  // The Chinese model seldom writes the space between Latin words; a gap between two
  // characters well over the line's usual spacing is one.
  std::vector<int> advances;
  for (std::size_t i = 1; i < steps.size(); ++i)
    if (line.symbols[i].text.size() == 1 && line.symbols[i - 1].text.size() == 1)
      advances.push_back(steps[i] - steps[i - 1]);
  double usual = 0.0;
  if (!advances.empty()) {
    std::nth_element(advances.begin(), advances.begin() + advances.size() / 2, advances.end());
    usual = advances[advances.size() / 2];
  }
  std::vector<OcrLine::Symbol> spaced;
  for (std::size_t i = 0; i < line.symbols.size(); ++i) {
    const bool latinPair = i > 0 && line.symbols[i].text.size() == 1 &&
                           line.symbols[i - 1].text.size() == 1 && line.symbols[i].text != " " &&
                           line.symbols[i - 1].text != " ";
    if (latinPair && usual > 0 && steps[i] - steps[i - 1] >= std::max(3.0, 1.8 * usual))
      spaced.push_back({" ", line.symbols[i].x - int(pixelsPerStep), int(pixelsPerStep)});
    if (i + 1 < line.symbols.size())
      line.symbols[i].width = std::max(1, line.symbols[i + 1].x - line.symbols[i].x);
    spaced.push_back(line.symbols[i]);
  }
  line.symbols = std::move(spaced);
  for (const OcrLine::Symbol& symbol : line.symbols) line.text += symbol.text;
  line.width = bgr.cols;
  line.height = bgr.rows;
  return line;
}

double PaddleOcrEngine::upsideDown(const cv::Mat& image) {
  Networks* nets = networks();
  if (nets == nullptr || image.empty()) return 0.0;
  const cv::Mat bgr = asBgr(image);
  const int width = std::clamp(int(std::ceil(48.0 * bgr.cols / std::max(1, bgr.rows))), 8, 192);
  cv::Mat resized;
  cv::resize(bgr, resized, {width, 48});
  cv::Mat input(48, 192, CV_32FC3, cv::Scalar::all(0));
  resized.convertTo(input(cv::Rect(0, 0, width, 48)), CV_32FC3, 1.0 / 127.5, -1.0);
  nets->classifier.setInput(cv::dnn::blobFromImage(input));
  const cv::Mat output = nets->classifier.forward();  // 1 x 2: upright, upside down
  return output.ptr<float>(0)[1];
}

std::vector<OcrLine> PaddleOcrEngine::read(const cv::Mat& page, int maxSide) {
  return readBoxes(page, detect(page, maxSide));
}

std::vector<OcrLine> PaddleOcrEngine::readBoxes(const cv::Mat& page,
                                                const std::vector<Box>& boxes) {
  std::vector<OcrLine> lines;
  for (const Box& box : boxes) {
    const cv::Mat image = cut(page, box.rect);
    OcrLine line = recognise(image);
    if (line.text.empty()) continue;
    const cv::Rect bounds = box.rect.boundingRect() & cv::Rect(0, 0, page.cols, page.rows);
    const double stretch = double(bounds.width) / std::max(1, image.cols);
    for (OcrLine::Symbol& symbol : line.symbols) {
      symbol.x = bounds.x + int(symbol.x * stretch);
      symbol.width = std::max(1, int(symbol.width * stretch));
    }
    line.x = bounds.x;
    line.y = bounds.y;
    line.width = bounds.width;
    line.height = bounds.height;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace aviary
