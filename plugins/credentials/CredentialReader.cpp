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
#include "OcrLineMerger.h"
#include "PageDetector.h"
#include "PagePreprocessor.h"
#include "PageTextReader.h"
#include "PdfDocument.h"
#include "PhotoQualityGate.h"
#include "SignboardReader.h"
#include "StorefrontSceneEstimator.h"
#include "TableLayoutReader.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

const char* const kNoDocument =
    "no document found in this photo (no page and no readable text): photograph the "
    "document itself, flat and filling the frame";

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

void debugPrint(const std::vector<OcrLine>& lines, const cv::Mat& ocr) {
  // AVIARY_OCR_DEBUG=DIR prints the OCR lines and saves the page the OCR saw into DIR.
  if (std::getenv("AVIARY_OCR_DEBUG") == nullptr) return;
  for (const OcrLine& line : lines)
    std::cerr << "ocr " << line.confidence << " [" << line.x << "," << line.y << " " << line.width
              << "x" << line.height << "] " << line.text << "\n";
  cv::imwrite(std::getenv("AVIARY_OCR_DEBUG") + std::string("/ocr_page.png"), ocr);
}

// Stacks pages one under the other at one width, as one long page.
cv::Mat stacked(const std::vector<cv::Mat>& pages) {
  if (pages.size() == 1) return pages.front();
  std::vector<cv::Mat> same;
  for (const cv::Mat& page : pages) {
    cv::Mat resized = page;
    if (page.cols != pages.front().cols)
      cv::resize(page, resized, {}, double(pages.front().cols) / page.cols,
                 double(pages.front().cols) / page.cols, cv::INTER_AREA);
    same.push_back(resized);
  }
  cv::Mat out;
  cv::vconcat(same, out);
  return out;
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
  if (probe.format == ImageHeaderProbe::Format::Pdf && probe.pdfPages > 0)
    return readPdf(bytes, name, page);
  if (!probe.error.empty()) {
    reading.error = probe.error;
    return reading;
  }
  // imdecode turns the photo as its EXIF orientation says.
  const cv::Mat photo = cv::imdecode(bytes, cv::IMREAD_COLOR);
  if (photo.empty()) {
    reading.error = std::string("the ") + ImageHeaderProbe::toString(probe.format) +
                    " data could not be decoded: send the original photo again";
    return reading;
  }
  return readImage(photo, name, page);
}

DocumentReading CredentialReader::readPdf(const std::vector<std::uint8_t>& bytes,
                                          const std::string& name, Page* pageOut) const {
  DocumentReading reading;
  reading.file = name;
  const PdfDocument::Result pdf = PdfDocument::read(bytes);
  if (!pdf.error.empty() || pdf.pages.empty()) {
    reading.error =
        pdf.error.empty() ? "the PDF's pages could not be drawn: export it again" : pdf.error;
    return reading;
  }
  const cv::Mat colour = stacked(pdf.pages);
  const ScriptCount text = countScripts(pdf.textLayer);
  if (text.cjk + text.latin >= 12) {
    // A digital PDF (an e-invoice): its text layer is the document as issued.
    cv::Mat gray;
    cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
    reading.perceptualHash = perceptualHash(colour);
    reading.hasPerceptualHash = true;
    if (pageOut) *pageOut = {colour, pdf.textLayer};
    reading.ocrEngine = "pdf-text";
    interpret(OcrLineMerger::mergeRows(pdf.textLayer), pdf.textLayer, gray, false, reading);
    return reading;
  }
  // A scanned PDF: every page (up to PdfDocument::kMaxPages) read as a photo, then as one.
  std::vector<OcrLine> lines, segments;
  std::vector<cv::Mat> ocrPages, colourPages;
  int top = 0;
  for (const cv::Mat& image : pdf.pages) {
    PageText page = readPage(image, reading);
    if (!page.ok && reading.error == kNoDocument) {
      reading.error.clear();  // a blank page (the back of a sheet) among the scans
      continue;
    }
    if (!page.ok) return reading;
    auto append = [top](const std::vector<OcrLine>& from, std::vector<OcrLine>& to) {
      for (OcrLine line : from) {
        line.y += top;
        to.push_back(std::move(line));
      }
    };
    append(page.lines, lines);
    append(page.segments, segments);
    top += page.ocr.rows;
    ocrPages.push_back(page.ocr);
    colourPages.push_back(page.colour);
  }
  if (ocrPages.empty()) {
    reading.error = kNoDocument;
    return reading;
  }
  const cv::Mat ocr = stacked(ocrPages);
  reading.perceptualHash = perceptualHash(colourPages.front());
  reading.hasPerceptualHash = true;
  if (pageOut) *pageOut = {stacked(colourPages), lines};
  interpret(lines, segments, ocr, false, reading);
  return reading;
}

CredentialReader::PageText CredentialReader::readPage(const cv::Mat& input,
                                                      DocumentReading& reading) const {
  PageText text;
  cv::Mat photo = input;
  // Phones shoot 12-50 MP; 2000 px on the long side keeps every detail the reader uses.
  const double shrink = 2000.0 / std::max(photo.cols, photo.rows);
  if (shrink < 1.0) cv::resize(input, photo, {}, shrink, shrink, cv::INTER_AREA);
  // A picture with no structure at all (a lens cap, a blank wall) holds no document; it is
  // not a blurred one.
  cv::Mat grey = photo;
  if (photo.channels() == 3) cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  if (photo.channels() == 4) cv::cvtColor(photo, grey, cv::COLOR_BGRA2GRAY);
  cv::Scalar mean, deviation;
  cv::meanStdDev(grey, mean, deviation);
  if (deviation[0] < 3.0) {
    reading.error = kNoDocument;
    return text;
  }
  PageDetector::Page page = PageDetector::detect(photo);
  // No outline against a table: a scan, a screenshot or a page filling the frame. A region
  // of over 90% of the photo is such a page too (its margin or a letterbox found as the
  // background), and one under a quarter is a shape in a picture of text, not its page.
  if (!page.found || page.areaShare > 0.9 || page.areaShare < 0.25)
    page = PageDetector::wholeFrame(photo);
  const PhotoQualityGate::Verdict verdict = PhotoQualityGate::assess(photo, page);
  reading.qualityMetrics = verdict.metrics;
  if (!verdict.ok()) {
    reading.qualityOk = false;
    reading.qualityProblems = verdict.problems;
    reading.reshoot = verdict.reshoot;
    return text;
  }
  const PagePreprocessor::Result prepared = PagePreprocessor::run(photo, page);
  const PageTextReader::Result read = PageTextReader::read(prepared.colour, prepared.ocr);
  text.colour = PageTextReader::turned(prepared.colour, read.quarterTurns);
  text.ocr = PageTextReader::turned(prepared.ocr, read.quarterTurns);
  text.lines = read.lines;
  text.segments = read.segments;
  text.wholeFrame = page.wholeFrame;
  text.ok = true;
  reading.ocrEngine = PageTextReader::name(PageTextReader::engine());
  debugPrint(text.segments, text.ocr);
  return text;
}

DocumentReading CredentialReader::readImage(const cv::Mat& input, const std::string& name,
                                            Page* pageOut) const {
  DocumentReading reading;
  reading.file = name;
  // A storefront: a wide signboard with a name on it, whatever the page detector thinks.
  {
    cv::Mat photo = input;
    const double shrink = 2000.0 / std::max(photo.cols, photo.rows);
    if (shrink < 1.0) cv::resize(input, photo, {}, shrink, shrink, cv::INTER_AREA);
    if (const auto sign = SignboardReader::read(photo)) {
      readSignboard(photo, *sign, reading);
      if (pageOut) *pageOut = {photo, {sign->line}};
      return reading;
    }
  }
  PageText page = readPage(input, reading);
  if (!page.ok) return reading;
  reading.perceptualHash = perceptualHash(page.colour);
  reading.hasPerceptualHash = true;
  if (pageOut) *pageOut = {page.colour, page.lines};
  interpret(page.lines, page.segments, page.ocr, page.wholeFrame, reading);
  return reading;
}

void CredentialReader::readSignboard(const cv::Mat& photo, const SignboardReader::Signboard& sign,
                                     DocumentReading& reading) const {
  const OcrLine& line = sign.line;
  reading.kind = "storefront_photo";
  reading.confidence = 0.6 * line.confidence;
  reading.fields["signboard_text"] = {line.text, line.confidence, line.x,
                                      line.y,    line.width,      line.height};
  const StorefrontSceneEstimator::Estimate scene =
      StorefrontSceneEstimator::estimate(photo, sign.box);
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
}

void CredentialReader::interpret(const std::vector<OcrLine>& lines,
                                 const std::vector<OcrLine>& segments, const cv::Mat& ocr,
                                 bool wholeFrame, DocumentReading& reading) const {
  const ScriptCount script = countScripts(lines);
  if (std::getenv("AVIARY_OCR_DEBUG"))
    for (const OcrLine& line : lines) std::cerr << "row [" << line.y << "] " << line.text << "\n";
  if (script.cjk + script.latin + script.other < 6) {
    reading.error = wholeFrame ? kNoDocument
                               : "no readable text on this page: if it is a document, shoot it "
                                 "again closer and in focus; otherwise it is not a document "
                                 "Aviary can read";
    return;
  }
  const DocumentClassifier::Result kind = DocumentClassifier::classify(lines);
  // Latin text is read only where it makes a kind Aviary knows in that script (a till
  // receipt); other documents in other languages need the Chinese original.
  const bool foreign =
      script.cjk < 6 && (script.latin + script.other) > 3 * std::max(1, script.cjk);
  if (foreign && !DocumentCatalog::readsLatin(kind.kind)) {
    reading.error =
        std::string("the text is in another language (") +
        (script.other > script.latin ? "non-Latin, non-Chinese script" : "Latin script") +
        "): Aviary reads Chinese documents and till receipts; supply the Chinese original or "
        "a certified Chinese translation";
    return;
  }
  reading.kind = kind.kind;
  reading.confidence = kind.confidence;
  if (const KindSpec* spec = DocumentCatalog::find(kind.kind)) {
    reading.fields = FieldExtractor::extract(*spec, lines);
    if (reading.ocrEngine != "pdf-text") FieldRereader::reread(*spec, ocr, reading.fields);
    TableLayoutReader::complete(*spec, segments, reading.fields);
    reading.checks = DocumentChecks::run(reading, asOf_);
  }
}

}  // namespace aviary
