#include "TableLayoutReader.h"

#include <algorithm>
#include <optional>
#include <regex>

#include "FieldExtractor.h"
#include "ReceiptFieldExtractor.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

struct Cell {
  std::string text;     // label-matching form: ASCII punctuation, no spaces
  const OcrLine* line;  // the cell's box (for a joined cell, a box covering its parts)
  int left() const { return line->x; }
  int right() const { return line->x + line->width; }
  int top() const { return line->y; }
  int bottom() const { return line->y + line->height; }
  int middle() const { return line->y + line->height / 2; }
};

bool sameRow(const Cell& a, const Cell& b) {
  return std::abs(a.middle() - b.middle()) <=
         std::max(6, std::min(a.line->height, b.line->height) / 2);
}

int overlap(const Cell& a, const Cell& b) {
  return std::min(a.right(), b.right()) - std::max(a.left(), b.left());
}

std::string afterLabel(const std::string& text, std::size_t end) {
  std::size_t from = end;
  while (from < text.size() && (text[from] == ':' || text[from] == ';' || text[from] == '|'))
    ++from;
  return text.substr(from);
}

bool startsWithLabel(const KindSpec& kind, const std::string& text) {
  for (const FieldSpec& field : kind.fields)
    for (const std::string& label : field.labels)
      if (TextSimilarity::codePoints(label).size() >= 2 &&
          text.rfind(TextSimilarity::asciiPunctuation(label), 0) == 0)
        return true;
  return false;
}

// The value of a label found in `cells[at]` at bytes [.., end): the rest of its cell, else
// the next cell to the right on its row, else the cell under it.
std::optional<std::pair<std::string, const Cell*>> valueOf(const KindSpec& kind,
                                                           const std::vector<Cell>& cells,
                                                           std::size_t at, std::size_t end) {
  const Cell& label = cells[at];
  if (std::string rest = afterLabel(label.text, end); !rest.empty()) return {{rest, &label}};
  const Cell* right = nullptr;
  const Cell* below = nullptr;
  for (const Cell& cell : cells) {
    if (&cell == &label) continue;
    if (sameRow(cell, label) && cell.left() >= label.right() - std::max(4, label.line->height) &&
        cell.left() - label.right() < 6 * label.line->height &&
        (right == nullptr || cell.left() < right->left()))
      right = &cell;
    if (cell.top() >= label.bottom() - 4 && cell.top() - label.bottom() < 2 * label.line->height &&
        overlap(cell, label) > 0 && (below == nullptr || cell.top() < below->top()))
      below = &cell;
  }
  for (const Cell* next : {right, below})
    if (next != nullptr && !startsWithLabel(kind, next->text)) return {{next->text, next}};
  return std::nullopt;
}

ExtractedField fieldAt(const std::string& value, const Cell& cell) {
  return {value,        cell.line->confidence, cell.line->x,
          cell.line->y, cell.line->width,      cell.line->height};
}

bool looksLikeCipher(const std::string& text) {
  return text.find_first_of("<>*/+") != std::string::npos;
}

// Invoices print 名称 and 纳税人识别号 in the buyer's block and again in the seller's.
void readParties(const KindSpec& kind, const std::vector<Cell>& cells,
                 std::map<std::string, ExtractedField>& fields) {
  const std::pair<const char*, std::pair<const char*, const char*>> generic[] = {
      {"名称", {"buyer_name", "seller_name"}}, {"纳税人识别号", {"buyer_tax_id", "seller_tax_id"}}};
  for (const auto& [label, names] : generic) {
    // Each printing of the label, top to bottom, with its value if it has one (an empty
    // label beside the cipher block has none).
    std::vector<std::optional<std::pair<std::string, const Cell*>>> found;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t at = cells[i].text.find(label);
      if (at == std::string::npos || at > 6) continue;  // after at most one block character
      auto value = valueOf(kind, cells, i, at + std::string(label).size());
      if (value && looksLikeCipher(value->first)) value.reset();
      found.push_back(value);
    }
    if (found.size() != 2) continue;
    const std::string targets[2] = {names.first, names.second};
    for (int k = 0; k < 2; ++k) {
      const FieldSpec* spec = kind.findField(targets[k]);
      if (spec == nullptr || fields.count(targets[k]) || !found[k]) continue;
      const auto normalised = FieldExtractor::normalise(*spec, found[k]->first);
      if (normalised) fields[targets[k]] = fieldAt(*normalised, *found[k]->second);
    }
  }
}

// The total row of an invoice's goods table: its amounts under the 金额 and 税额 headers.
void readTotalRow(const KindSpec& kind, const std::vector<Cell>& cells,
                  std::map<std::string, ExtractedField>& fields) {
  const Cell* amountHeader = nullptr;
  const Cell* taxHeader = nullptr;
  const Cell* rateHeader = nullptr;
  for (const Cell& cell : cells) {
    if (cell.text == "金额" || cell.text == "金 额") amountHeader = &cell;
    if (cell.text == "税额") taxHeader = &cell;
    if (cell.text == "税率" || cell.text == "征收率") rateHeader = &cell;
  }
  if (amountHeader == nullptr || taxHeader == nullptr) return;
  const Cell* totalLabel = nullptr;
  for (const Cell& cell : cells)
    if (cell.top() > amountHeader->bottom() &&
        (cell.text == "合计" || cell.text.rfind("合计", 0) == 0) &&
        cell.text.find("价税") == std::string::npos)
      totalLabel = &cell;
  const std::pair<const Cell*, const char*> columns[] = {{amountHeader, "amount_excl_tax"},
                                                         {taxHeader, "tax"}};
  for (const auto& [header, name] : columns) {
    const FieldSpec* spec = kind.findField(name);
    if (spec == nullptr || totalLabel == nullptr) continue;
    // The amount in the total row nearest under the header (columns are wider than text).
    const Cell* best = nullptr;
    for (const Cell& cell : cells) {
      if (!sameRow(cell, *totalLabel) || &cell == totalLabel) continue;
      if (ReceiptFieldExtractor::lastAmount(cell.text).empty()) continue;
      const int distance =
          std::abs((cell.left() + cell.right()) / 2 - (header->left() + header->right()) / 2);
      if (best == nullptr || distance < std::abs((best->left() + best->right()) / 2 -
                                                 (header->left() + header->right()) / 2))
        best = &cell;
    }
    if (best == nullptr) continue;
    const auto normalised =
        FieldExtractor::normalise(*spec, ReceiptFieldExtractor::lastAmount(best->text));
    if (normalised) fields[name] = fieldAt(*normalised, *best);  // over a row-joined reading
  }
  if (rateHeader != nullptr && kind.findField("tax_rate") && !fields.count("tax_rate"))
    for (const Cell& cell : cells)
      if (cell.top() > rateHeader->bottom() && overlap(cell, *rateHeader) > 0 &&
          cell.text.find('%') != std::string::npos) {
        std::string digits;
        for (char c : cell.text)
          if (std::isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
        if (!digits.empty()) fields["tax_rate"] = fieldAt(digits, cell);
        break;
      }
}

// The invoice code and number printed without labels at the top: a 10- or 12-digit code
// and "No 87654321" (the 2010 special invoice form).
void readHeader(const KindSpec& kind, const std::vector<Cell>& cells,
                std::map<std::string, ExtractedField>& fields) {
  int buyerTop = 1 << 30;
  for (const Cell& cell : cells)
    if (cell.text.find("名称") != std::string::npos) buyerTop = std::min(buyerTop, cell.top());
  static const std::regex code(R"(^(\d{10}|\d{12})$)");
  static const std::regex number(R"(^(?:No|NO|№|N0)\.?(\d{8})$)");
  for (const Cell& cell : cells) {
    if (cell.bottom() > buyerTop) continue;
    std::smatch match;
    if (!fields.count("invoice_code") && kind.findField("invoice_code") &&
        std::regex_match(cell.text, match, code))
      fields["invoice_code"] = fieldAt(match[1], cell);
    if (!fields.count("invoice_no") && kind.findField("invoice_no") &&
        std::regex_match(cell.text, match, number))
      fields["invoice_no"] = fieldAt(match[1], cell);
  }
}

}  // namespace

void TableLayoutReader::complete(const KindSpec& kind, const std::vector<OcrLine>& segments,
                                 std::map<std::string, ExtractedField>& fields) {
  if (kind.photo || kind.code == "sales_receipt") return;
  // Forms space a label's characters out over its cell ("名    称", "合    计"): the OCR finds
  // each character alone. A lone character joins what follows it closely on its row.
  auto isLone = [](const OcrLine& line) {
    return TextSimilarity::codePoints(line.text).size() == 1 &&
           static_cast<unsigned char>(line.text[0]) >= 0x80;
  };
  // A block's name printed downwards, a character a line (购/买/方 beside the buyer's
  // fields): its characters stand over one another and belong to no label on their rows.
  auto stacked = [&](const OcrLine& line) {
    return std::any_of(segments.begin(), segments.end(), [&](const OcrLine& other) {
      return &other != &line && isLone(other) && std::abs(other.x - line.x) < line.height &&
             std::abs(other.y - line.y) < 2.5 * line.height && other.y != line.y;
    });
  };
  std::vector<OcrLine> joined;
  std::vector<const OcrLine*> order;
  for (const OcrLine& line : segments) order.push_back(&line);
  std::sort(order.begin(), order.end(), [](const OcrLine* a, const OcrLine* b) {
    if (std::abs((a->y + a->height / 2) - (b->y + b->height / 2)) >
        std::max(6, std::min(a->height, b->height) / 2))
      return a->y < b->y;
    return a->x < b->x;
  });
  for (const OcrLine* line : order) {
    if (!joined.empty()) {
      OcrLine& last = joined.back();
      const bool lone = isLone(last) && !stacked(last);
      const bool sameRow = std::abs((last.y + last.height / 2) - (line->y + line->height / 2)) <=
                           std::max(6, std::min(last.height, line->height) / 2);
      const int gap = line->x - (last.x + last.width);
      if (lone && sameRow && gap >= -4 && gap < 4 * std::max(last.height, line->height)) {
        const int right = std::max(last.x + last.width, line->x + line->width);
        const int bottom = std::max(last.y + last.height, line->y + line->height);
        last.text += line->text;
        last.y = std::min(last.y, line->y);
        last.width = right - last.x;
        last.height = bottom - last.y;
        last.confidence = std::min(last.confidence, line->confidence);
        continue;
      }
    }
    joined.push_back(*line);
  }
  std::vector<Cell> cells;
  for (const OcrLine& line : joined)
    cells.push_back({TextSimilarity::asciiPunctuation(line.text), &line});
  const bool invoice = kind.code.rfind("vat_invoice", 0) == 0;
  if (invoice) {
    readTotalRow(kind, cells, fields);
    readParties(kind, cells, fields);
    readHeader(kind, cells, fields);
  }
  // Any field still missing: its label's cell, the next cell or the one below.
  for (const FieldSpec& field : kind.fields) {
    if (fields.count(field.name)) continue;
    for (const std::string& printed : field.labels) {
      const std::string label = TextSimilarity::asciiPunctuation(printed);
      if (TextSimilarity::codePoints(label).size() < 2) continue;
      bool done = false;
      for (std::size_t i = 0; i < cells.size() && !done; ++i) {
        const std::size_t at = cells[i].text.find(label);
        if (at == std::string::npos) continue;
        const auto value = valueOf(kind, cells, i, at + label.size());
        if (!value || looksLikeCipher(value->first)) continue;
        if (const auto normalised = FieldExtractor::normalise(field, value->first)) {
          fields[field.name] = fieldAt(*normalised, *value->second);
          done = true;
        }
      }
      if (done) break;
    }
  }
}

}  // namespace aviary
