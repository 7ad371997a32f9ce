#include "DocumentClassifier.h"

#include <algorithm>
#include <cmath>

#include "DocumentCatalog.h"
#include "TextSimilarity.h"

namespace aviary {

DocumentClassifier::Result DocumentClassifier::classify(const std::vector<OcrLine>& lines) {
  std::string all;
  std::vector<std::string> top;  // the title is among the first lines of the page
  // Latin letters compared in capitals: a receipt prints "Total" as often as "TOTAL".
  auto upper = [](std::string text) {
    for (char& c : text)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return text;
  };
  for (const OcrLine& line : lines) {
    const std::string text = TextSimilarity::asciiPunctuation(line.text);
    all += upper(text) + "\n";
    if (top.size() < 4 && TextSimilarity::codePoints(text).size() <= 24) top.push_back(text);
  }
  Result result;
  double second = 0.0;
  for (const KindSpec& kind : DocumentCatalog::kinds()) {
    if (kind.photo) continue;
    double title = 0.0;
    for (const std::string& printed : kind.titles) {
      if (printed.empty()) continue;
      const std::string wanted = TextSimilarity::asciiPunctuation(printed);
      for (const std::string& line : top) {
        double share = TextSimilarity::containment(wanted, line);
        // A line much longer than the title is not the title.
        const double extra = static_cast<double>(TextSimilarity::codePoints(line).size()) /
                             static_cast<double>(TextSimilarity::codePoints(wanted).size());
        if (extra > 2.5) share *= 0.5;
        title = std::max(title, share);
      }
    }
    double score = title >= 0.6 ? 4.0 * std::pow(title, 3) : 0.0;
    for (const std::string& keyword : kind.keywords)
      if (all.find(upper(TextSimilarity::asciiPunctuation(keyword))) != std::string::npos)
        score += 0.6;
    for (const FieldSpec& field : kind.fields)
      for (const std::string& label : field.labels) {
        const std::string wanted = TextSimilarity::asciiPunctuation(label);
        const auto length = TextSimilarity::codePoints(wanted).size();
        if (length >= 2 && all.find(wanted) != std::string::npos) {
          score += std::min(1.0, 0.2 * static_cast<double>(length));
          break;
        }
      }
    if (score > result.score) {
      second = result.score;
      result.score = score;
      result.kind = kind.code;
    } else if (score > second) {
      second = score;
    }
  }
  if (result.score < kMinScore) {
    result.kind = "unknown";
    result.confidence = 0.0;
    return result;
  }
  const double margin = (result.score - second) / result.score;
  result.confidence = std::clamp(0.5 + 0.5 * margin + 0.05 * (result.score - kMinScore), 0.0, 0.99);
  return result;
}

}  // namespace aviary
