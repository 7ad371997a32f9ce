#include "FieldRereader.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "ChineseAmount.h"
#include "FieldExtractor.h"
#include "IdNumberChecksum.h"
#include "OcrEngine.h"
#include "TextSimilarity.h"
#include "UsccChecksum.h"
#include "VinChecksum.h"

namespace aviary {

namespace {

bool allDigitsOrMask(const std::string& value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '*';
  });
}

bool startsWithDigits(const std::string& value, std::size_t count) {
  return value.size() > count &&
         std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(count),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
         std::all_of(value.begin(), value.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Amounts are printed to the fen ("2,939.52"). When the first reading has no fen (its
// point was lost, "293952", or its end cut off, "2939.") and the re-read shows the same
// digits with the fen, the re-read saw the whole amount.
bool showsTheFen(const std::string& first, const std::string& second) {
  const std::string whole = ".00";
  if (first.size() <= whole.size() || first.compare(first.size() - 3, 3, whole) != 0 ||
      second.size() <= whole.size() || second.compare(second.size() - 3, 3, whole) == 0)
    return false;
  auto digits = [](const std::string& text) {
    std::string out;
    for (char c : text)
      if (std::isdigit(static_cast<unsigned char>(c))) out.push_back(c);
    return out;
  };
  const std::string firstDigits = digits(first.substr(0, first.size() - 3));
  const std::string secondDigits = digits(second);
  return !firstDigits.empty() && secondDigits.rfind(firstDigits, 0) == 0;
}

// Checksum-carrying types: a value that passes is right with near certainty.
bool passesChecksum(const FieldSpec& field, const std::string& value) {
  if (field.type == FieldSpec::Type::Uscc) return UsccChecksum::valid(value);
  if (field.type == FieldSpec::Type::IdNumber) return IdNumberChecksum::valid(value);
  if (field.type == FieldSpec::Type::Vin) return VinChecksum::valid(value);
  return false;
}

// A region of the page scaled so its text, textPixels tall, becomes about targetHeight px
// (Tesseract reads a line best at 40-60 px) and framed in white; empty when too small.
cv::Mat scaledCrop(const cv::Mat& page, const cv::Rect& region, int textPixels,
                   double targetHeight) {
  const cv::Rect area = region & cv::Rect(0, 0, page.cols, page.rows);
  if (area.width < 8 || area.height < 8) return {};
  const double scale = std::clamp(targetHeight / textPixels, 1.0, 3.0);
  cv::Mat crop;
  cv::resize(page(area), crop, {}, scale, scale, cv::INTER_CUBIC);
  cv::copyMakeBorder(crop, crop, 12, 12, 12, 12, cv::BORDER_CONSTANT, cv::Scalar(255));
  return crop;
}

// The field's box with a margin, so strokes at its edge are not cut.
cv::Rect paddedBox(const ExtractedField& field) {
  const int padX = std::max(6, field.height / 3), padY = std::max(4, field.height / 5);
  return {field.x - padX, field.y - padY, field.width + 2 * padX, field.height + 2 * padY};
}

}  // namespace

std::string FieldRereader::whitelistFor(const FieldSpec& field, const std::string& firstValue) {
  using T = FieldSpec::Type;
  switch (field.type) {
    case T::Uscc:
      return "0123456789ABCDEFGHJKLMNPQRTUWXY";
    case T::IdNumber:
      return "0123456789X";
    case T::AmountWords:
      // Capital numerals are a closed set of dense characters OCR confuses with common ones
      // (陆拾抽万); some licences print the figures and 万 instead.
      return "0123456789.零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整";
    case T::Vin:
      return VinChecksum::kAlphabet;
    case T::Amount:
      return "0123456789.,¥元";
    case T::Date:
    case T::Month:
      return "0123456789年月日-./";
    case T::Code:
      // Account, invoice and merchant numbers, and codes that start as one ("6222X72", a
      // masked card number misread); codes with letters or Chinese in front stay as read.
      return allDigitsOrMask(firstValue) || startsWithDigits(firstValue, 4) ? "0123456789*" : "";
    default:
      return "";
  }
}

void FieldRereader::reread(const KindSpec& kind, const cv::Mat& ocrPage,
                           std::map<std::string, ExtractedField>& fields) {
  const bool debug = std::getenv("AVIARY_OCR_DEBUG") != nullptr;
  std::map<std::string, std::vector<std::string>> readings;  // every normalised reading
  for (auto& [name, field] : fields) {
    const FieldSpec* spec = kind.findField(name);
    if (spec == nullptr || field.width <= 0 || field.height <= 0) continue;
    const std::string whitelist = whitelistFor(*spec, field.value);
    if (whitelist.empty()) continue;
    if (passesChecksum(*spec, field.value)) continue;
    // An amount in words that parsed and agrees with its figures is right. One that parsed
    // but disagrees may be a misreading (a dropped 仟 reads 7507.71 as 1.00), not a forgery:
    // read it again, and keep the second reading only when it agrees with the figures.
    const auto figures = spec->type == FieldSpec::Type::AmountWords && !spec->checks.empty()
                             ? fields.find(spec->checks)
                             : fields.end();
    const bool wordsToConfirm = figures != fields.end() &&
                                FieldExtractor::normalise(*spec, field.value).has_value() &&
                                field.value != figures->second.value;
    if (spec->type == FieldSpec::Type::AmountWords &&
        FieldExtractor::normalise(*spec, field.value).has_value() && !wordsToConfirm)
      continue;
    const cv::Mat crop = scaledCrop(ocrPage, paddedBox(field), field.height, 56.0);
    if (crop.empty()) continue;
    const OcrLine second = OcrEngine::readLine(crop, whitelist);
    const auto candidate = FieldExtractor::normalise(*spec, second.text);
    if (debug)
      std::cerr << "reread " << name << " '" << field.value << "' " << field.confidence << " -> '"
                << second.text << "' " << second.confidence << "\n";
    if (!candidate || *candidate == field.value) continue;
    readings[name] = {field.value, *candidate};
    const bool firstNormalises = FieldExtractor::normalise(*spec, field.value).has_value();
    bool better = false;
    if (wordsToConfirm)
      better = *candidate == figures->second.value;
    else if (spec->type == FieldSpec::Type::Uscc || spec->type == FieldSpec::Type::IdNumber ||
             spec->type == FieldSpec::Type::Vin)
      better = passesChecksum(*spec, *candidate);
    else if (spec->type == FieldSpec::Type::Amount && showsTheFen(field.value, *candidate))
      better = true;
    else
      better = !firstNormalises || second.confidence > field.confidence;
    if (better) {
      field.value = *candidate;
      field.confidence = std::max(field.confidence, second.confidence);
    }
  }
  // Names: read the value's box again on its own, scaled to the text height the engine
  // reads best; complex characters (鑫, 馆) come out right more often alone and larger. The
  // reading the engine is surer of wins.
  for (auto& [name, field] : fields) {
    const FieldSpec* spec = kind.findField(name);
    if (spec == nullptr || spec->type != FieldSpec::Type::Name || field.width <= 0 ||
        field.height <= 0 || field.confidence >= 0.85)
      continue;
    const cv::Mat crop = scaledCrop(ocrPage, paddedBox(field), field.height, 64.0);
    if (crop.empty()) continue;
    const OcrLine second = OcrEngine::readLine(crop);
    const auto candidate = FieldExtractor::normalise(*spec, second.text);
    if (debug)
      std::cerr << "reread " << name << " '" << field.value << "' " << field.confidence << " -> '"
                << second.text << "' " << second.confidence << "\n";
    if (!candidate || *candidate == field.value) continue;
    // The same number of characters give or take one: a re-read that lost half the name or
    // took in the label is not better, however sure.
    const auto before = TextSimilarity::codePoints(field.value).size();
    const auto after = TextSimilarity::codePoints(*candidate).size();
    if (after + 1 < before || after > before + 1) continue;
    if (second.confidence > field.confidence) {
      field.value = *candidate;
      field.confidence = second.confidence;
    }
  }
  // Licence, plate and certificate numbers start with a province's one-character name; a
  // misread one is read again alone, allowed only those 31 characters.
  static const std::string provinces =
      "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
  for (auto& [name, field] : fields) {
    const FieldSpec* spec = kind.findField(name);
    if (spec == nullptr || spec->type != FieldSpec::Type::Code || field.width <= 0) continue;
    const auto points = TextSimilarity::codePoints(field.value);
    if (points.size() < 4 || points[0].size() != 3 ||
        provinces.find(points[0]) != std::string::npos)
      continue;
    const bool codeFollows = points[1].size() == 1 || points[1] == "(";
    if (!codeFollows) continue;
    // Chinese characters are square: the first one is about as wide as the line is tall.
    const int pad = std::max(4, field.height / 5);
    const cv::Mat crop = scaledCrop(
        ocrPage,
        {field.x - field.height / 2, field.y - pad, field.height * 2, field.height + 2 * pad},
        field.height, 56.0);
    if (crop.empty()) continue;
    if (debug) cv::imwrite(std::getenv("AVIARY_OCR_DEBUG") + std::string("/province.png"), crop);
    const auto read = TextSimilarity::codePoints(TextSimilarity::compact(
        OcrEngine::readLine(crop, provinces + "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ()").text));
    const std::string first = read.empty() ? "" : read.front();
    if (debug) std::cerr << "province " << name << " '" << points[0] << "' -> '" << first << "'\n";
    if (first.size() == 3 && provinces.find(first) != std::string::npos)
      field.value = first + field.value.substr(points[0].size());
  }
  // An amount in figures that its amount in words (大写) confirms.
  for (const FieldSpec& words : kind.fields) {
    if (words.type != FieldSpec::Type::AmountWords || words.checks.empty() ||
        !fields.count(words.name))
      continue;
    const auto spoken = ChineseAmount::parseFigures(fields[words.name].value);
    const FieldSpec* figuresSpec = kind.findField(words.checks);
    const bool figuresRead = fields.count(words.checks) && figuresSpec &&
                             FieldExtractor::normalise(*figuresSpec, fields[words.checks].value);
    if (spoken && !figuresRead) {
      // The figures are unreadable; the same amount is printed in words beside them.
      ExtractedField figures = fields[words.name];
      figures.value = ChineseAmount::toFigures(*spoken);
      figures.confidence *= 0.8;
      fields[words.checks] = figures;
      continue;
    }
    if (!readings.count(words.checks)) continue;
    for (const std::string& reading : readings[words.checks]) {
      const auto figures = ChineseAmount::parseFigures(reading);
      if (spoken && figures && *spoken == *figures) fields[words.checks].value = reading;
    }
  }
}

}  // namespace aviary
