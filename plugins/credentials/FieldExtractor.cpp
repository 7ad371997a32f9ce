#include "FieldExtractor.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <regex>

#include "ChineseAmount.h"
#include "DocumentDates.h"
#include "IdNumberChecksum.h"
#include "ReceiptFieldExtractor.h"
#include "TextSimilarity.h"
#include "UsccChecksum.h"
#include "VinChecksum.h"

namespace aviary {

namespace {

struct Occurrence {
  std::size_t line = 0;
  std::size_t begin = 0;  // bytes in the normalised line
  std::size_t end = 0;
  std::string field;       // a field name, or "range:<field>" for a combined "X至Y" label
  std::size_t length = 0;  // label length in characters
  bool fuzzy = false;
};

// Finds `label` in `text` exactly, or (for labels of 4+ characters) with one character
// misread. Returns byte offsets.
std::optional<std::pair<std::size_t, std::size_t>> findLabel(const std::string& label,
                                                             const std::string& text, bool& fuzzy) {
  fuzzy = false;
  const std::size_t at = text.find(label);
  if (at != std::string::npos) return std::make_pair(at, at + label.size());
  const auto wanted = TextSimilarity::codePoints(label);
  // A two-character label that starts its line with its first character misread ("卢号"
  // for 户号, "帐号" for 账号); the caller keeps it only for a value in figures.
  if (wanted.size() == 2) {
    const auto have = TextSimilarity::codePoints(text);
    if (have.size() > 2 && have[0].size() == 3 && have[0] != wanted[0] && have[1] == wanted[1]) {
      fuzzy = true;
      return std::make_pair(std::size_t{0}, have[0].size() + have[1].size());
    }
  }
  if (wanted.size() < 4) return std::nullopt;
  // OCR often drops the first character of a label that starts a table cell.
  const std::string tail = label.substr(wanted.front().size());
  if (const std::size_t cut = text.find(tail); cut == 0) {
    fuzzy = true;
    return std::make_pair(cut, cut + tail.size());
  }
  const auto have = TextSimilarity::codePoints(text);
  std::size_t offset = 0;
  for (std::size_t i = 0; i + wanted.size() <= have.size(); ++i) {
    int same = 0;
    std::size_t bytes = 0;
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      same += have[i + k] == wanted[k];
      bytes += have[i + k].size();
    }
    if (same >= static_cast<int>(wanted.size()) - 1 && have[i] == wanted[0]) {
      fuzzy = true;
      return std::make_pair(offset, offset + bytes);
    }
    offset += have[i].size();
  }
  return std::nullopt;
}

std::string trimValue(const std::string& raw) {
  static const std::vector<std::string> noise = {":", ";", ",", ".",  ")",  "|", "_", "-", "\"",
                                                 "'", "“", "”", "、", "。", "‘", "’", "`"};
  auto points = TextSimilarity::codePoints(raw);
  auto isNoise = [&](const std::string& c) {
    return std::find(noise.begin(), noise.end(), c) != noise.end();
  };
  std::size_t first = 0, last = points.size();
  while (first < last && isNoise(points[first])) ++first;
  while (last > first && isNoise(points[last - 1])) --last;
  std::string value;
  for (std::size_t i = first; i < last; ++i) value += points[i];
  return value;
}

std::string digitsFromConfusables(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case 'O':
      case 'o':
      case 'D':
      case 'Q':
        out.push_back('0');
        break;
      case 'I':
      case 'l':
      case '|':
      case 'i':
        out.push_back('1');
        break;
      case 'Z':
      case 'z':
        out.push_back('2');
        break;
      case 'S':
      case 's':
        out.push_back('5');
        break;
      case 'B':
        out.push_back('8');
        break;
      case 'G':
        out.push_back('6');
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string firstNumber(const std::string& text) {
  static const std::regex number(R"(\d+(?:\.\d+)?)");
  std::smatch match;
  std::string cleaned;
  for (char c : text)
    if (c != ',') cleaned.push_back(c);
  return std::regex_search(cleaned, match, number) ? match.str() : "";
}

// The pixel span of bytes [begin, end) of the label-matching form of `line`, from its
// symbols; nullopt when the symbols do not spell the line.
std::optional<std::pair<int, int>> spanOf(const OcrLine& line, std::size_t begin, std::size_t end) {
  std::string joined;
  std::vector<std::size_t> starts;
  for (const OcrLine::Symbol& symbol : line.symbols) {
    starts.push_back(joined.size());
    joined += TextSimilarity::asciiPunctuation(symbol.text);
  }
  if (line.symbols.empty() || joined != TextSimilarity::asciiPunctuation(line.text))
    return std::nullopt;
  int left = std::numeric_limits<int>::max(), right = std::numeric_limits<int>::min();
  for (std::size_t i = 0; i < line.symbols.size(); ++i) {
    const std::size_t from = starts[i];
    const std::size_t to = i + 1 < starts.size() ? starts[i + 1] : joined.size();
    if (to > begin && from < end) {
      left = std::min(left, line.symbols[i].x);
      right = std::max(right, line.symbols[i].x + line.symbols[i].width);
    }
  }
  if (left >= right) return std::nullopt;
  return std::make_pair(left, right - left);
}

// Organisation names end in one of a few legal forms; OCR slips one character of them
// ("有很公司", "有限公避") or drops the last ("有限公"). Restore the form the text nearly spells.
std::string repairLegalForm(const std::string& name) {
  static const std::vector<std::string> forms = {"股份有限公司", "有限责任公司", "有限公司",
                                                 "专业合作社", "个体工商户"};
  const auto points = TextSimilarity::codePoints(name);
  for (const std::string& form : forms) {
    const auto wanted = TextSimilarity::codePoints(form);
    if (points.size() < wanted.size() + 2) continue;
    auto prefix = [&](std::size_t count) {
      std::string out;
      for (std::size_t i = 0; i < count; ++i) out += points[i];
      return out;
    };
    // One character of the form misread, in place.
    const std::size_t start = points.size() - wanted.size();
    int same = 0;
    for (std::size_t k = 0; k < wanted.size(); ++k) same += points[start + k] == wanted[k];
    if (same == static_cast<int>(wanted.size())) return name;
    if (same == static_cast<int>(wanted.size()) - 1 && points[start] == wanted[0] &&
        wanted.size() >= 4)
      return prefix(start) + form;
    // The last character cut off at the cell's edge.
    const std::size_t shortStart = points.size() - (wanted.size() - 1);
    bool truncated = true;
    for (std::size_t k = 0; k + 1 < wanted.size(); ++k)
      truncated = truncated && points[shortStart + k] == wanted[k];
    if (truncated && wanted.size() >= 4) return prefix(shortStart) + form;
  }
  return name;
}

// Amounts in words use a closed set of characters (壹贰叁肆伍陆柒捌玖, 拾佰仟, 万亿元角分整)
// that alternate digit, unit, digit... A character outside the set is mapped to the member
// it is commonly misread from, choosing a digit or a unit by its place in that alternation.
std::string capitalNumerals(const std::string& text) {
  static const std::map<std::string, std::string> digits = {
      {"查", "壹"}, {"壶", "壹"}, {"式", "贰"}, {"贡", "贰"}, {"参", "叁"}, {"叄", "叁"},
      {"肄", "肆"}, {"律", "肆"}, {"伙", "伍"}, {"任", "伍"}, {"陸", "陆"}, {"际", "陆"},
      {"沫", "柒"}, {"染", "柒"}, {"类", "柒"}, {"提", "捌"}, {"别", "捌"}, {"扒", "捌"},
      {"玫", "玖"}, {"坎", "玖"}, {"攻", "玖"}};
  static const std::map<std::string, std::string> units = {
      {"抬", "拾"}, {"恰", "拾"}, {"给", "拾"}, {"伯", "佰"}, {"陌", "佰"},
      {"百", "佰"}, {"任", "仟"}, {"仔", "仟"}, {"什", "仟"}, {"千", "仟"}};
  static const std::string numerals = "零壹贰叁肆伍陆柒捌玖";
  std::string out;
  bool afterDigit = false;
  for (const std::string& c : TextSimilarity::codePoints(text)) {
    std::string mapped = c;
    const auto& table = afterDigit ? units : digits;
    if (numerals.find(c) == std::string::npos)
      if (const auto it = table.find(c); it != table.end()) mapped = it->second;
    afterDigit = numerals.find(mapped) != std::string::npos && mapped != "零";
    out += mapped;
  }
  return out;
}

bool isEndField(const std::string& name) {
  return name == "end_date" || name == "valid_until" || name == "term_end";
}

}  // namespace

std::string FieldExtractor::repairUscc(const std::string& read) {
  if (read.size() != 18) return read;
  std::string code = read;
  // GB 32100: characters 3-8 are the administrative division code, digits only.
  for (std::size_t i = 2; i < 8; ++i)
    if (!std::isdigit(static_cast<unsigned char>(code[i])))
      code[i] = digitsFromConfusables(std::string(1, code[i]))[0];
  if (UsccChecksum::valid(code)) return code;
  // Characters OCR confuses in this font; the checksum picks among the substitutions.
  static const std::vector<std::pair<char, char>> confusions = {
      {'0', 'D'}, {'0', 'Q'}, {'0', 'U'}, {'1', 'L'}, {'1', 'T'}, {'8', 'B'},
      {'6', 'G'}, {'2', 'Z'}, {'5', 'S'}, {'M', 'N'}, {'H', 'N'}, {'W', 'M'},
      {'U', 'Q'}, {'7', 'T'}, {'E', 'F'}, {'U', 'W'}};
  auto substitutions = [&](const std::string& from) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < from.size(); ++i)
      for (const auto& [a, b] : confusions)
        for (const auto& [x, y] : {std::make_pair(a, b), std::make_pair(b, a)})
          if (from[i] == x && !(i >= 2 && i < 8 && !std::isdigit(static_cast<unsigned char>(y)))) {
            std::string attempt = from;
            attempt[i] = y;
            out.push_back(attempt);
          }
    return out;
  };
  auto uniqueValid = [](std::vector<std::string> candidates) -> std::optional<std::string> {
    std::vector<std::string> valid;
    for (auto& candidate : candidates)
      if (UsccChecksum::valid(candidate)) valid.push_back(std::move(candidate));
    std::sort(valid.begin(), valid.end());
    valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
    if (valid.size() == 1) return valid.front();
    return std::nullopt;
  };
  const std::vector<std::string> once = substitutions(code);
  // Two slips are not repaired: among the pairs, several pass the checksum by chance.
  if (auto repaired = uniqueValid(once)) return *repaired;
  return code;
}

std::optional<std::string> FieldExtractor::normalise(const FieldSpec& field,
                                                     const std::string& raw) {
  using T = FieldSpec::Type;
  std::string value = trimValue(raw);
  if (value.empty()) return std::nullopt;
  const std::size_t until = value.find("至");
  switch (field.type) {
    case T::Name: {
      // A name is Chinese text; OCR noise from the next cell or a seal trails it as Latin
      // letters, digits or symbols ("郑静&丙凡", "...有限公司罗8"): cut the name there.
      const auto points = TextSimilarity::codePoints(value);
      std::string name;
      int cjk = 0;
      for (const std::string& c : points) {
        const bool ascii = c.size() == 1;
        if (ascii && cjk >= 1 && c != "(" && c != ")") break;
        cjk += ascii ? 0 : 1;
        name += c;
      }
      name = repairLegalForm(name);
      // After an organisation's legal form nothing but a branch name can follow.
      for (const std::string suffix : {"有限公司", "合作社"}) {
        const std::size_t at = name.rfind(suffix);
        if (at != std::string::npos && at + suffix.size() < name.size() &&
            TextSimilarity::codePoints(name.substr(at + suffix.size())).size() <= 2)
          name = name.substr(0, at + suffix.size());
      }
      return name.empty() ? value : name;
    }
    case T::Text:
      return value;
    case T::Date: {
      std::string part = value;
      if (until != std::string::npos)
        part = isEndField(field.name) ? value.substr(until + 3) : value.substr(0, until);
      const auto date = DocumentDates::parse(digitsFromConfusables(part));
      if (!date) return std::nullopt;
      return date->iso();
    }
    case T::TermEnd: {
      if (DocumentDates::isOpenEnded(value)) return std::string("long_term");
      const std::string part = until != std::string::npos ? value.substr(until + 3) : value;
      const auto date = DocumentDates::parse(digitsFromConfusables(part));
      if (!date) return std::nullopt;
      return date->iso();
    }
    case T::Month: {
      const std::string month = DocumentDates::parseMonth(digitsFromConfusables(value));
      if (month.empty()) return std::nullopt;
      return month;
    }
    case T::Amount: {
      const auto fen = ChineseAmount::parseFigures(value);
      if (!fen) return std::nullopt;
      return ChineseAmount::toFigures(*fen);
    }
    case T::AmountWords: {
      const std::string number = firstNumber(value);
      if (!number.empty()) {
        auto fen = ChineseAmount::parseFigures(number);
        if (!fen) return std::nullopt;
        if (value.find("万") != std::string::npos) *fen *= 10000;
        return ChineseAmount::toFigures(*fen);
      }
      auto fen = ChineseAmount::parseWords(value);
      if (!fen) fen = ChineseAmount::parseWords(capitalNumerals(value));
      if (!fen) return std::nullopt;
      return ChineseAmount::toFigures(*fen);
    }
    case T::Number: {
      const std::string number = firstNumber(digitsFromConfusables(value));
      if (number.empty()) return std::nullopt;
      return number;
    }
    case T::Code: {
      std::string code;
      for (const std::string& c : TextSimilarity::codePoints(value)) {
        if (c.size() == 1 && !std::isalnum(static_cast<unsigned char>(c[0])) && c != "*" &&
            c != "(" && c != ")")
          continue;
        code +=
            c.size() == 1
                ? std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c[0]))))
                : c;
      }
      if (code.empty()) return std::nullopt;
      // A masked card number keeps its first and last digits; OCR reads the stars as X, #
      // or K, so the mask is written the one way banks print it.
      static const std::regex masked(R"(^(\d{4,6})([^\d]*\*[^\d]*)(\d{4})$)");
      std::smatch mask;
      if (std::regex_match(code, mask, masked)) return mask[1].str() + "****" + mask[3].str();
      // The run of stars read as one broad glyph ("6222K6115").
      static const std::regex oneGlyph(R"(^(\d{4,6})[XKHW#](\d{4})$)");
      if (std::regex_match(code, mask, oneGlyph)) return mask[1].str() + "****" + mask[2].str();
      // Stars read as letters ("6222XE0EX3654"): a code of digits has no letters in it, so
      // two or more between a card's leading digits and its last four mean a mask.
      static const std::regex starsAsLetters(R"(^(\d{4,6})(\S{2,7}?)(\d{4})$)");
      if (std::regex_match(code, mask, starsAsLetters) && code.size() <= 16) {
        const std::string middle = mask[2].str();
        const auto letters = std::count_if(middle.begin(), middle.end(), [](char c) {
          return !std::isdigit(static_cast<unsigned char>(c));
        });
        if (letters >= 2 && std::all_of(middle.begin(), middle.end(), [](char c) {
              return static_cast<unsigned char>(c) < 0x80;
            }))
          return mask[1].str() + "****" + mask[3].str();
      }
      if (std::isdigit(static_cast<unsigned char>(code[0]))) {
        // A numeric code: stray Chinese characters are OCR noise from the next cell.
        std::string ascii;
        for (char c : code)
          if (static_cast<unsigned char>(c) < 0x80) ascii.push_back(c);
        code = digitsFromConfusables(ascii);
      } else if (code.rfind("JY", 0) == 0)
        code = "JY" + digitsFromConfusables(code.substr(2));
      return code;
    }
    case T::Uscc: {
      std::string code;
      for (char c : UsccChecksum::normalise(value))
        if (std::isalnum(static_cast<unsigned char>(c))) code.push_back(c);
      // A code of another length is kept as read: a 15-digit tax number from before 2015 is
      // valid as it is, and a USCC of the wrong length must fail its check, not be mended.
      if (code.size() < 15) return std::nullopt;
      return repairUscc(code);
    }
    case T::Vin: {
      const std::string vin = VinChecksum::normalise(value);
      if (vin.size() < 11) return std::nullopt;
      if (const auto repaired = VinChecksum::repair(vin)) return *repaired;
      return vin;
    }
    case T::IdNumber: {
      std::string number;
      for (char c : digitsFromConfusables(IdNumberChecksum::normalise(value)))
        if (std::isdigit(static_cast<unsigned char>(c)) || c == 'X' || c == 'x')
          number.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      if (number.size() < 15) return std::nullopt;
      return number.substr(0, 18);
    }
  }
  return std::nullopt;
}

std::map<std::string, ExtractedField> FieldExtractor::extract(const KindSpec& kind,
                                                              const std::vector<OcrLine>& lines) {
  if (kind.code == "sales_receipt") return ReceiptFieldExtractor::extract(lines);
  std::vector<std::string> texts;
  for (const OcrLine& line : lines) texts.push_back(TextSimilarity::asciiPunctuation(line.text));

  std::vector<Occurrence> found;
  auto look = [&](const std::string& field, const std::string& label) {
    const std::string wanted = TextSimilarity::asciiPunctuation(label);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      bool fuzzy = false;
      if (auto span = findLabel(wanted, texts[i], fuzzy))
        found.push_back({i, span->first, span->second, field,
                         TextSimilarity::codePoints(wanted).size(), fuzzy});
    }
  };
  for (const FieldSpec& field : kind.fields) {
    for (const std::string& label : field.labels) look(field.name, label);
    if (!field.rangeLabel.empty()) look("range:" + field.name, field.rangeLabel);
  }
  // Longer labels win where two overlap ("月租金大写" over "月租金"); exact over fuzzy.
  std::stable_sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) {
    if (a.fuzzy != b.fuzzy) return !a.fuzzy;
    return a.length > b.length;
  });
  // A misread two-character label stands only where its field has no exact label, and only
  // for a value in figures: "序号" must not pass for "户号" before a table's columns.
  auto exactly = [&](const std::string& field) {
    return std::any_of(found.begin(), found.end(),
                       [&](const Occurrence& o) { return o.field == field && !o.fuzzy; });
  };
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const Occurrence& o) {
                               if (!o.fuzzy || o.length != 2) return false;
                               const FieldSpec* spec = kind.findField(o.field);
                               const std::string& text = texts[o.line];
                               const std::size_t value = text.find_first_not_of(": |", o.end);
                               const bool figures =
                                   value != std::string::npos &&
                                   std::isdigit(static_cast<unsigned char>(text[value]));
                               return exactly(o.field) || spec == nullptr ||
                                      spec->type == FieldSpec::Type::Name ||
                                      spec->type == FieldSpec::Type::Text || !figures;
                             }),
              found.end());
  std::vector<Occurrence> accepted;
  for (const Occurrence& o : found) {
    const bool overlaps = std::any_of(accepted.begin(), accepted.end(), [&](const Occurrence& a) {
      return a.line == o.line && o.begin < a.end && a.begin < o.end;
    });
    if (!overlaps) accepted.push_back(o);
  }
  std::sort(accepted.begin(), accepted.end(), [](const Occurrence& a, const Occurrence& b) {
    return a.line != b.line ? a.line < b.line : a.begin < b.begin;
  });

  struct Value {
    std::string text;
    std::size_t line = 0;
    std::size_t begin = 0, end = 0;  // bytes of the label-matching form of the line
  };
  auto valueOf = [&](const Occurrence& o) {
    std::size_t stop = texts[o.line].size();
    for (const Occurrence& other : accepted)
      if (other.line == o.line && other.begin >= o.end) stop = std::min(stop, other.begin);
    const std::string raw = texts[o.line].substr(o.end, stop - o.end);
    Value value{trimValue(raw), o.line, o.end, stop};
    // The value's own bytes, without the colon or bar OCR left before it.
    if (const std::size_t lead = raw.find(value.text);
        !value.text.empty() && lead != std::string::npos) {
      value.begin = o.end + lead;
      value.end = value.begin + value.text.size();
    }
    // OCR put the value on its own line (a tall cell or a wrapped label).
    if (value.text.empty() && o.line + 1 < texts.size()) {
      const bool nextHasLabel = std::any_of(accepted.begin(), accepted.end(),
                                            [&](auto& a) { return a.line == o.line + 1; });
      if (!nextHasLabel)
        value = {trimValue(texts[o.line + 1]), o.line + 1, 0, texts[o.line + 1].size()};
    }
    return value;
  };
  // Where the value sits on the page: its own span when the symbols say so, else the line.
  auto place = [&](ExtractedField& field, const Value& value) {
    const OcrLine& line = lines[value.line];
    field.x = line.x;
    field.y = line.y;
    field.width = line.width;
    field.height = line.height;
    if (const auto span = spanOf(line, value.begin, value.end)) {
      field.x = span->first;
      field.width = span->second;
    }
  };

  std::map<std::string, ExtractedField> fields;
  std::map<std::string, Value> ranges;
  // The title is no label, though it may nearly spell one ("不动产权证书" and the label
  // "不动产权证号").
  auto isTitle = [&](std::size_t line) {
    return std::any_of(kind.titles.begin(), kind.titles.end(), [&](const std::string& title) {
      return !title.empty() &&
             TextSimilarity::containment(TextSimilarity::asciiPunctuation(title), texts[line]) >=
                 0.8 &&
             TextSimilarity::codePoints(texts[line]).size() <=
                 TextSimilarity::codePoints(title).size() + 2;
    });
  };
  for (const Occurrence& o : accepted) {
    if (o.fuzzy && isTitle(o.line)) continue;
    if (o.field.rfind("range:", 0) == 0) {
      if (!ranges.count(o.field.substr(6))) ranges[o.field.substr(6)] = valueOf(o);
      continue;
    }
    if (fields.count(o.field)) continue;
    const FieldSpec* spec = kind.findField(o.field);
    const Value value = valueOf(o);
    ExtractedField field;
    const auto normalised = normalise(*spec, value.text);
    field.value = normalised ? *normalised : value.text;
    field.confidence =
        lines[value.line].confidence * (o.fuzzy ? 0.85 : 1.0) * (normalised ? 1.0 : 0.4);
    place(field, value);
    if (!field.value.empty()) fields[o.field] = field;
  }
  // A combined "期限: X至Y" line gives the start and the following end field.
  for (const auto& [start, found] : ranges) {
    const std::string& raw = found.text;
    const std::size_t line = found.line;
    const std::size_t until = raw.find("至");
    if (until == std::string::npos) continue;
    const FieldSpec* startSpec = kind.findField(start);
    auto it = std::find_if(kind.fields.begin(), kind.fields.end(),
                           [&](const FieldSpec& f) { return f.name == start; });
    const FieldSpec* endSpec =
        (it != kind.fields.end() && it + 1 != kind.fields.end()) ? &*(it + 1) : nullptr;
    const std::pair<const FieldSpec*, std::string> parts[2] = {{startSpec, raw.substr(0, until)},
                                                               {endSpec, raw.substr(until + 3)}};
    for (const auto& [spec, part] : parts) {
      if (spec == nullptr || fields.count(spec->name)) continue;
      const auto normalised = normalise(*spec, part);
      if (!normalised) continue;
      ExtractedField field{*normalised,   lines[line].confidence, lines[line].x,
                           lines[line].y, lines[line].width,      lines[line].height};
      fields[spec->name] = field;
    }
  }
  return fields;
}

}  // namespace aviary
