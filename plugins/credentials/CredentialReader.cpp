#include "CredentialReader.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include <opencv2/img_hash.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "DocumentCatalog.h"
#include "DocumentChecks.h"
#include "DocumentClassifier.h"
#include "FieldExtractor.h"
#include "FieldRereader.h"
#include "ImageHeaderProbe.h"
#include "OcrCoverage.h"
#include "OcrEngine.h"
#include "OcrLineMerger.h"
#include "PageDetector.h"
#include "PagePreprocessor.h"
#include "PhotoQualityGate.h"
#include "SignboardReader.h"
#include "StorefrontSceneEstimator.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

// Below this share of the ink inside OCR lines, a part of the page went unread.
constexpr double kMinimumCoverage = 0.85;

std::uint64_t perceptualHash(const cv::Mat& image) {
  cv::Mat hash;
  cv::img_hash::pHash(image, hash);
  std::uint64_t value = 0;
  for (int i = 0; i < hash.cols && i < 8; ++i) value = (value << 8) | hash.at<uchar>(0, i);
  return value;
}

struct ScriptCount {
  int cjk = 0;
  int latin = 0;
  int other = 0;  // Cyrillic, Arabic, Hangul, kana ...
};

ScriptCount countScripts(const std::vector<OcrLine>& lines) {
  ScriptCount count;
  for (const OcrLine& line : lines)
    for (const std::string& c : TextSimilarity::codePoints(line.text)) {
      const auto lead = static_cast<unsigned char>(c[0]);
      if (c.size() == 1) {
        if (std::isalpha(lead)) ++count.latin;
      } else if (c.size() == 3 && lead >= 0xE4 && lead <= 0xE9) {
        ++count.cjk;
      } else if (c.size() >= 2 && lead != 0xEF && lead != 0xE3 && lead != 0xE2 && lead != 0xC2) {
        ++count.other;
      }
    }
  return count;
}

}  // namespace

DocumentReading CredentialReader::readFile(const std::string& path, const std::string& name,
                                           Page* page) const {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    DocumentReading reading;
    reading.file = name.empty() ? path : name;
    reading.error = "cannot open the file: check the path and that it is readable";
    return reading;
  }
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                  std::istreambuf_iterator<char>());
  return readBytes(bytes, name.empty() ? path : name, page);
}

DocumentReading CredentialReader::readBytes(const std::vector<std::uint8_t>& bytes,
                                            const std::string& name, Page* page) const {
  DocumentReading reading;
  reading.file = name;
  const ImageHeaderProbe::Result probe = ImageHeaderProbe::probe(bytes);
  if (!probe.error.empty()) {
    reading.error = probe.error;
    return reading;
  }
  const cv::Mat photo =
      cv::imdecode(probe.format == ImageHeaderProbe::Format::Pdf ? probe.pdfFirstPageJpeg : bytes,
                   cv::IMREAD_COLOR);
  if (photo.empty()) {
    reading.error = std::string("the ") + ImageHeaderProbe::toString(probe.format) +
                    " data could not be decoded: send the original photo again";
    return reading;
  }
  return readImage(photo, name, page);
}

DocumentReading CredentialReader::readImage(const cv::Mat& input, const std::string& name,
                                            Page* pageOut) const {
  DocumentReading reading;
  reading.file = name;
  cv::Mat photo = input;
  // Phones shoot 12-50 MP; 2000 px on the long side keeps every detail the reader uses.
  const double shrink = 2000.0 / std::max(photo.cols, photo.rows);
  if (shrink < 1.0) cv::resize(input, photo, {}, shrink, shrink, cv::INTER_AREA);

  const PageDetector::Page page = PageDetector::detect(photo);
  const PhotoQualityGate::Verdict verdict = PhotoQualityGate::assess(photo, page);
  reading.qualityMetrics = verdict.metrics;
  const bool noPage = verdict.problems.size() == 1 && verdict.problems.front() == "no_page";

  auto readSignboard = [&]() -> DocumentReading {
    // No sheet of paper: a storefront's signboard, or not a document at all.
    const auto sign = SignboardReader::read(photo);
    if (!sign) {
      reading.error =
          "no document found in this photo (no page and no readable text): photograph the "
          "document itself, flat and filling the frame";
      return reading;
    }
    const OcrLine& line = sign->line;
    reading.kind = "storefront_photo";
    reading.confidence = 0.6 * line.confidence;
    reading.fields["signboard_text"] = {line.text, line.confidence, line.x,
                                        line.y,    line.width,      line.height};
    const StorefrontSceneEstimator::Estimate scene =
        StorefrontSceneEstimator::estimate(photo, sign->box);
    reading.fields["scene_lighting"] = {scene.lighting, scene.lightingConfidence, 0, 0, 0, 0};
    reading.fields["shopfront"] = {scene.shopfront, scene.shopfrontConfidence, 0, 0, 0, 0};
    reading.fields["scene"] = {scene.description(),
                               std::min(scene.lightingConfidence, scene.shopfrontConfidence),
                               0,
                               0,
                               0,
                               0};
    reading.qualityMetrics["wall_brightness"] = scene.wallBrightness;
    reading.qualityMetrics["front_horizontal_ruling"] = scene.horizontalRuling;
    reading.qualityMetrics["front_colourfulness"] = scene.colourfulness;
    reading.qualityMetrics["front_brightness"] = scene.frontBrightness;
    reading.perceptualHash = perceptualHash(photo);
    reading.hasPerceptualHash = true;
    if (pageOut) *pageOut = {photo, {line}};
    return reading;
  };
  // A storefront: a wide signboard with a name on it, whatever the gate thinks of the "page".
  if (DocumentReading signboard = readSignboard(); signboard.error.empty()) return signboard;
  reading = DocumentReading();
  reading.file = name;
  reading.qualityMetrics = verdict.metrics;
  if (noPage) {
    reading.error =
        "no document found in this photo (no page and no readable text): photograph the "
        "document itself, flat and filling the frame";
    return reading;
  }
  if (!verdict.ok()) {
    reading.qualityOk = false;
    reading.qualityProblems = verdict.problems;
    reading.reshoot = verdict.reshoot;
    return reading;
  }

  const PagePreprocessor::Result prepared = PagePreprocessor::run(photo, page);
  reading.perceptualHash = perceptualHash(prepared.colour);
  reading.hasPerceptualHash = true;
  std::vector<OcrLine> lines = OcrLineMerger::mergeRows(OcrEngine::read(prepared.ocr));
  // Tesseract's column finder can drop a whole column (labels set apart from their values):
  // read such a page again as one block and keep the reading that covers more of the ink.
  const double coverage = OcrCoverage::of(prepared.ocr, lines);
  double blockCoverage = -1.0;
  if (coverage < kMinimumCoverage) {
    std::vector<OcrLine> block =
        OcrLineMerger::mergeRows(OcrEngine::read(prepared.ocr, OcrEngine::Layout::Block));
    blockCoverage = OcrCoverage::of(prepared.ocr, block);
    if (blockCoverage > coverage + 0.05) lines = std::move(block);
  }
  if (pageOut) *pageOut = {prepared.colour, lines};

  // AVIARY_OCR_DEBUG=DIR prints the OCR lines and saves the page Tesseract saw into DIR.
  if (std::getenv("AVIARY_OCR_DEBUG") != nullptr) {
    std::cerr << "coverage " << coverage << " block " << blockCoverage << " page "
              << page.corners[0] << page.corners[1] << page.corners[2] << page.corners[3]
              << " share " << page.areaShare << "\n";
    for (const OcrLine& line : lines)
      std::cerr << "ocr " << line.confidence << " [" << line.x << "," << line.y << " " << line.width
                << "x" << line.height << "] " << line.text << "\n";
    cv::imwrite(std::getenv("AVIARY_OCR_DEBUG") + std::string("/ocr_page.png"), prepared.ocr);
  }
  const ScriptCount script = countScripts(lines);
  if (script.cjk + script.latin + script.other < 6) {
    reading.error =
        "no readable text on this page: if it is a document, shoot it again closer and in "
        "focus; otherwise it is not a document Aviary can read";
    return reading;
  }
  if (script.cjk < 6 && (script.latin + script.other) > 3 * std::max(1, script.cjk)) {
    reading.error =
        std::string("the text is in another language (") +
        (script.other > script.latin ? "non-Latin, non-Chinese script" : "Latin script") +
        "): Aviary reads Chinese documents; supply the Chinese original or a "
        "certified Chinese translation";
    return reading;
  }
  const DocumentClassifier::Result kind = DocumentClassifier::classify(lines);
  reading.kind = kind.kind;
  reading.confidence = kind.confidence;
  if (const KindSpec* spec = DocumentCatalog::find(kind.kind)) {
    reading.fields = FieldExtractor::extract(*spec, lines);
    FieldRereader::reread(*spec, prepared.ocr, reading.fields);
    reading.checks = DocumentChecks::run(reading, asOf_);
  }
  return reading;
}

}  // namespace aviary
