#include "PageTextReader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "OcrCoverage.h"
#include "OcrEngine.h"
#include "OcrLineMerger.h"
#include "PaddleOcrEngine.h"

namespace aviary {

namespace {

// Below this share of the ink inside OCR lines, a part of the page went unread.
constexpr double kMinimumCoverage = 0.85;

void readWithTesseract(const cv::Mat& ocr, PageTextReader::Result& result) {
  result.segments = OcrEngine::read(ocr);
  result.lines = OcrLineMerger::mergeRows(result.segments);
  // Tesseract's column finder can drop a whole column (labels set apart from their values):
  // read such a page again as one block and keep the reading that covers more of the ink.
  const double coverage = OcrCoverage::of(ocr, result.lines);
  if (coverage < kMinimumCoverage) {
    std::vector<OcrLine> block = OcrEngine::read(ocr, OcrEngine::Layout::Block);
    std::vector<OcrLine> rows = OcrLineMerger::mergeRows(block);
    if (OcrCoverage::of(ocr, rows) > coverage + 0.05) {
      result.segments = std::move(block);
      result.lines = std::move(rows);
    }
  }
}

// A red seal stamped over a line hides it from the detector; on the cleaned page (seal ink
// made paper, see PagePreprocessor) the line shows. Pages with red ink are searched there
// too, and lines found only there are read from it. Red print (an e-invoice's labels) stays
// read from the colour page, where the cleaning would have erased it.
void addLinesUnderSeals(const cv::Mat& ocr, const std::vector<PaddleOcrEngine::Box>& found,
                        std::vector<OcrLine>& lines) {
  cv::Mat cleaned;
  cv::cvtColor(ocr, cleaned, cv::COLOR_GRAY2BGR);
  std::vector<PaddleOcrEngine::Box> extra;
  for (const auto& box : PaddleOcrEngine::detect(cleaned)) {
    const cv::Rect2f bounds = box.rect.boundingRect2f();
    const bool known = std::any_of(found.begin(), found.end(), [&](const auto& other) {
      const cv::Rect2f overlap = bounds & other.rect.boundingRect2f();
      return overlap.area() > 0.3 * std::min(bounds.area(), other.rect.boundingRect2f().area());
    });
    if (!known) extra.push_back(box);
  }
  for (OcrLine& line : PaddleOcrEngine::readBoxes(cleaned, extra)) lines.push_back(std::move(line));
}

bool hasRedInk(const cv::Mat& colour) {
  cv::Mat hsv, low, high;
  cv::cvtColor(colour, hsv, cv::COLOR_BGR2HSV);
  cv::inRange(hsv, cv::Scalar(0, 80, 60), cv::Scalar(10, 255, 255), low);
  cv::inRange(hsv, cv::Scalar(165, 80, 60), cv::Scalar(180, 255, 255), high);
  return cv::countNonZero(low | high) > 0.002 * colour.total();
}

}  // namespace

PageTextReader::Engine PageTextReader::engine() {
  const char* forced = std::getenv("AVIARY_OCR_ENGINE");
  if (forced != nullptr && std::strcmp(forced, "tesseract") == 0) return Engine::Tesseract;
  return PaddleOcrEngine::available() ? Engine::PaddleOcr : Engine::Tesseract;
}

const char* PageTextReader::name(Engine engine) {
  return engine == Engine::PaddleOcr ? "pp-ocrv4" : "tesseract";
}

cv::Mat PageTextReader::turned(const cv::Mat& image, int quarterTurns) {
  cv::Mat out = image;
  if (quarterTurns % 4 == 1) cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
  if (quarterTurns % 4 == 2) cv::rotate(image, out, cv::ROTATE_180);
  if (quarterTurns % 4 == 3) cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
  return out;
}

PageTextReader::Result PageTextReader::read(const cv::Mat& colour, const cv::Mat& ocr) {
  Result result;
  if (engine() == Engine::Tesseract) {
    readWithTesseract(ocr, result);
    return result;
  }
  cv::Mat page = colour;
  std::vector<PaddleOcrEngine::Box> boxes = PaddleOcrEngine::detect(page);
  // Lines standing on end: the page lies on its side.
  double standing = 0.0, lying = 0.0;
  for (const auto& box : boxes) {
    const cv::Rect2f bounds = box.rect.boundingRect2f();
    (bounds.height > 1.5 * bounds.width ? standing : lying) += bounds.area();
  }
  if (standing > 2.0 * lying) {
    result.quarterTurns = 1;
    page = turned(colour, 1);
    boxes = PaddleOcrEngine::detect(page);
  }
  // The angle classifier on the longest lines tells right way up from upside down.
  std::vector<const PaddleOcrEngine::Box*> longest;
  for (const auto& box : boxes) longest.push_back(&box);
  std::sort(longest.begin(), longest.end(),
            [](const auto* a, const auto* b) { return a->rect.size.area() > b->rect.size.area(); });
  double upsideDown = 0.0;
  const std::size_t votes = std::min<std::size_t>(longest.size(), 5);
  for (std::size_t i = 0; i < votes; ++i)
    upsideDown += PaddleOcrEngine::upsideDown(PaddleOcrEngine::cut(page, longest[i]->rect));
  if (votes > 0 && upsideDown / votes > 0.6) {
    result.quarterTurns += 2;
    page = turned(colour, result.quarterTurns);
    boxes = PaddleOcrEngine::detect(page);
  }
  // PP-OCR finds each cell's text as its own line; rows are joined for the label-value
  // reading, as Tesseract's are.
  result.segments = PaddleOcrEngine::readBoxes(page, boxes);
  if (hasRedInk(colour))
    addLinesUnderSeals(turned(ocr, result.quarterTurns), boxes, result.segments);
  // A picture of one line of text (a cut-out, a signboard): the detector may find nothing
  // or only pieces in it; read it whole as well and keep the longer confident reading.
  if (page.cols >= 3 * page.rows) {
    OcrLine whole = PaddleOcrEngine::recognise(page);
    std::size_t found = 0;
    for (const OcrLine& segment : result.segments) found += segment.symbols.size();
    if (whole.confidence > 0.5 && whole.symbols.size() > found) {
      whole.x = 0;
      whole.y = 0;
      result.segments = {whole};
    }
  }
  result.lines = OcrLineMerger::mergeRows(result.segments);
  return result;
}

}  // namespace aviary
