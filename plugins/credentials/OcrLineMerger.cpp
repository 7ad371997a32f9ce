#include "OcrLineMerger.h"

#include <algorithm>

namespace aviary {

std::vector<OcrLine> OcrLineMerger::mergeRows(std::vector<OcrLine> lines) {
  std::sort(lines.begin(), lines.end(), [](const OcrLine& a, const OcrLine& b) {
    return a.y + a.height / 2 < b.y + b.height / 2;
  });
  std::vector<std::vector<OcrLine>> rows;
  for (const OcrLine& line : lines) {
    const int centre = line.y + line.height / 2;
    bool placed = false;
    if (!rows.empty()) {
      auto& row = rows.back();
      const OcrLine& last = row.back();
      const int lastCentre = last.y + last.height / 2;
      const int tolerance = std::max(8, std::min(line.height, last.height) / 2);
      // Boxes grown around their text (PP-OCR's) may overlap their neighbour a little.
      const bool sideBySide = std::all_of(row.begin(), row.end(), [&](const OcrLine& other) {
        const int slack = std::max(4, std::min(line.height, other.height) / 3);
        return line.x >= other.x + other.width - slack || line.x + line.width <= other.x + slack;
      });
      if (std::abs(centre - lastCentre) <= tolerance && sideBySide) {
        row.push_back(line);
        placed = true;
      }
    }
    if (!placed) rows.push_back({line});
  }
  std::vector<OcrLine> merged;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(), [](auto& a, auto& b) { return a.x < b.x; });
    OcrLine joined = row.front();
    double weighted = row.front().confidence * row.front().text.size();
    std::size_t length = row.front().text.size();
    for (std::size_t i = 1; i < row.size(); ++i) {
      const OcrLine& part = row[i];
      // Two cells of Latin text or figures keep a space between them ("Qty 9", "10.00").
      if (!joined.text.empty() && !part.text.empty() &&
          static_cast<unsigned char>(joined.text.back()) < 0x80 && joined.text.back() != ' ' &&
          static_cast<unsigned char>(part.text.front()) < 0x80 && part.text.front() != ' ')
        joined.text += " ";
      joined.text += part.text;
      joined.symbols.insert(joined.symbols.end(), part.symbols.begin(), part.symbols.end());
      const int right = std::max(joined.x + joined.width, part.x + part.width);
      const int bottom = std::max(joined.y + joined.height, part.y + part.height);
      joined.x = std::min(joined.x, part.x);
      joined.y = std::min(joined.y, part.y);
      joined.width = right - joined.x;
      joined.height = bottom - joined.y;
      weighted += part.confidence * part.text.size();
      length += part.text.size();
    }
    joined.confidence = length ? weighted / length : 0.0;
    merged.push_back(joined);
  }
  return merged;
}

}  // namespace aviary
