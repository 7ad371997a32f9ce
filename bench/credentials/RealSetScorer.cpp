#include "RealSetScorer.h"

#include <cctype>
#include <cstdio>
#include <sstream>

#include "ChineseAmount.h"
#include "DocumentDates.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

bool isDate(const std::string& field) {
  return field == "date" || field.find("_date") != std::string::npos || field == "valid_until" ||
         field == "term_end";
}

bool isAmount(const std::string& field) {
  return field == "total" || field == "tax" || field.find("amount") != std::string::npos ||
         field == "monthly_rent" || field == "tax_paid" || field.rfind("total_", 0) == 0 ||
         field == "closing_balance";
}

}  // namespace

std::string RealSetScorer::normaliseText(const std::string& text) {
  // Full-width forms (U+FF01..U+FF5E) as ASCII, ideographic comma and full stop kept.
  std::string out;
  for (const std::string& c : TextSimilarity::codePoints(text)) {
    if (c.size() == 3 && static_cast<unsigned char>(c[0]) == 0xEF) {
      const unsigned code = ((c[0] & 0x0F) << 12) | ((c[1] & 0x3F) << 6) | (c[2] & 0x3F);
      if (code >= 0xFF01 && code <= 0xFF5E) {
        out.push_back(static_cast<char>(code - 0xFF01 + 0x21));
        continue;
      }
    }
    if (c == "　" || (c.size() == 1 && std::isspace(static_cast<unsigned char>(c[0])))) continue;
    out += c.size() == 1 ? std::string(1, static_cast<char>(std::toupper(c[0]))) : c;
  }
  return out;
}

std::string RealSetScorer::normalise(const std::string& field, const std::string& value) {
  if (value.empty()) return "";
  if (isDate(field)) {
    const auto date = DocumentDates::parseAny(value);
    return date ? date->iso() : "";
  }
  if (isAmount(field)) {
    std::string figures;
    for (char c : value)
      if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',' || c == '-')
        figures.push_back(c);
    const auto fen = ChineseAmount::parseFigures(figures);
    return fen ? ChineseAmount::toFigures(*fen) : "";
  }
  return normaliseText(value);
}

void RealSetScorer::addDocument(const nlohmann::json& truth, const DocumentReading& reading) {
  const std::string file = truth.value("file", "");
  const std::string kind = truth.value("kind", "");
  documents.add(true);
  if (!reading.error.empty()) mistakes.push_back(file + ": error " + reading.error);
  errors.add(!reading.error.empty());
  reshoots.add(reading.reshoot.has_value());
  if (reading.reshoot) mistakes.push_back(file + ": re-shoot asked (" + *reading.reshoot + ")");
  const bool kindRight = reading.kind == kind;
  kinds.add(kindRight);
  byKind[kind].add(kindRight);
  if (!kindRight) mistakes.push_back(file + ": kind " + reading.kind + " instead of " + kind);
  for (const auto& [name, expectedJson] : truth.at("fields").items()) {
    const std::string expected = normalise(name, expectedJson.get<std::string>());
    if (expected.empty()) {
      if (!expectedJson.get<std::string>().empty())
        mistakes.push_back(file + ": truth " + name + " '" + expectedJson.get<std::string>() +
                           "' does not normalise; not scored");
      continue;
    }
    const std::string read = normalise(name, reading.fieldValue(name));
    const bool same = read == expected;
    fields.add(same);
    byField[kind + "." + name].add(same);
    if (!same)
      mistakes.push_back(file + ": " + name + " '" + reading.fieldValue(name) + "' instead of '" +
                         expectedJson.get<std::string>() + "'");
  }
}

void RealSetScorer::addLines(const nlohmann::json& truth, const std::string& text) {
  const std::string read = normaliseText(text);
  std::string joined;  // the lines without the breaks, for a truth line that wraps
  for (char c : read)
    if (c != '\n') joined.push_back(c);
  bool all = true;
  for (const auto& [name, value] : truth.at("fields").items()) {
    if (name.rfind("line", 0) != 0 && name != "text") continue;
    const std::string wanted = normaliseText(value.get<std::string>());
    const bool found = joined.find(wanted) != std::string::npos;
    lines.add(found);
    all = all && found;
    if (!found)
      mistakes.push_back(truth.value("image", "") + ": '" + value.get<std::string>() +
                         "' not read; read: " + text.substr(0, 300));
  }
  records.add(all);
}

std::string RealSetScorer::report() const {
  std::ostringstream out;
  char buffer[256];
  auto share = [](const Tally& t) { return t.total ? double(t.right) / t.total : 0.0; };
  if (documents.total > 0) {
    std::snprintf(buffer, sizeof buffer,
                  "documents %d: kind %.3f (%d/%d), fields exact %.3f (%d/%d), re-shoots asked "
                  "%d (%.3f), errors %d\n",
                  documents.total, share(kinds), kinds.right, kinds.total, share(fields),
                  fields.right, fields.total, reshoots.right, share(reshoots), errors.right);
    out << buffer << "per kind (right kind / documents):\n";
    for (const auto& [kind, tally] : byKind)
      out << "  " << kind << " " << tally.right << "/" << tally.total << "\n";
    out << "per field (exact / scored):\n";
    for (const auto& [field, tally] : byField)
      out << "  " << field << " " << tally.right << "/" << tally.total << "\n";
  }
  if (records.total > 0) {
    std::snprintf(buffer, sizeof buffer, "OCR line records %d: read exactly %d (lines %d/%d)\n",
                  records.total, records.right, lines.right, lines.total);
    out << buffer;
  }
  return out.str();
}

}  // namespace aviary
