#include "ChineseAmount.h"

#include <cstdio>
#include <regex>
#include <vector>

#include "TextSimilarity.h"

namespace aviary {

namespace {

const char* const kDigits[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
const char* const kSmallUnits[4] = {"", "拾", "佰", "仟"};

int digitValue(const std::string& c) {
  static const std::vector<std::pair<std::string, int>> digits = {
      {"零", 0}, {"〇", 0}, {"壹", 1}, {"一", 1}, {"贰", 2}, {"二", 2}, {"两", 2},
      {"叁", 3}, {"三", 3}, {"肆", 4}, {"四", 4}, {"伍", 5}, {"五", 5}, {"陆", 6},
      {"六", 6}, {"柒", 7}, {"七", 7}, {"捌", 8}, {"八", 8}, {"玖", 9}, {"九", 9}};
  for (const auto& [name, value] : digits)
    if (c == name) return value;
  return -1;
}

std::string fourDigits(int value) {
  std::string out;
  bool pendingZero = false;
  bool started = false;
  for (int place = 3; place >= 0; --place) {
    int divisor = 1;
    for (int i = 0; i < place; ++i) divisor *= 10;
    const int digit = value / divisor % 10;
    if (digit == 0) {
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) out += kDigits[0];
    pendingZero = false;
    out += kDigits[digit];
    out += kSmallUnits[place];
    started = true;
  }
  return out;
}

}  // namespace

std::optional<std::int64_t> ChineseAmount::parseWords(const std::string& text) {
  std::int64_t total = 0;    // completed 亿 and 万 sections, in yuan
  std::int64_t section = 0;  // the current four-digit section
  std::int64_t number = -1;  // the digit waiting for its unit
  std::int64_t fen = 0;
  bool sawAny = false;
  bool afterYuan = false;
  for (const std::string& c : TextSimilarity::codePoints(text)) {
    const int digit = digitValue(c);
    if (digit >= 0) {
      number = digit;
      sawAny = true;
    } else if (c == "拾" || c == "十" || c == "佰" || c == "百" || c == "仟" || c == "千") {
      const int unit = (c == "拾" || c == "十") ? 10 : (c == "佰" || c == "百") ? 100 : 1000;
      section += (number < 0 ? 1 : number) * unit;
      number = -1;
      sawAny = true;
    } else if (c == "万" || c == "萬") {
      total += (section + std::max<std::int64_t>(number, 0)) * 10000;
      section = 0;
      number = -1;
    } else if (c == "亿") {
      total = (total + section + std::max<std::int64_t>(number, 0)) * 100000000;
      section = 0;
      number = -1;
    } else if (c == "元" || c == "圆") {
      total += section + std::max<std::int64_t>(number, 0);
      section = 0;
      number = -1;
      afterYuan = true;
    } else if (c == "角") {
      fen += std::max<std::int64_t>(number, 0) * 10;
      number = -1;
    } else if (c == "分") {
      fen += std::max<std::int64_t>(number, 0);
      number = -1;
    } else if (c == "整" || c == "正" || c == " " || c == "人" || c == "民" || c == "币" ||
               c == "：" || c == ":" || c == "(" || c == ")" || c == "（" || c == "）" ||
               c == "大" || c == "写" || c == "⊗" || c == "¥" || c == "￥") {
      continue;
    } else {
      return std::nullopt;  // not an amount in words
    }
  }
  if (!sawAny) return std::nullopt;
  if (!afterYuan) total += section + std::max<std::int64_t>(number, 0);
  return total * 100 + fen;
}

std::optional<std::int64_t> ChineseAmount::parseFigures(const std::string& raw) {
  std::string text = raw;
  // Thousands are grouped in threes, so the digits after the last full group are the fen
  // when OCR lost the point ("2,93952") or read it as a comma ("2,939,52").
  if (text.find('.') == std::string::npos) {
    static const std::regex lostPoint(R"((\d{1,3}(?:,\d{3})+)(\d{2})(?!\d))");
    static const std::regex commaPoint(R"((\d{1,3}(?:,\d{3})*),(\d{2})(?![\d,]))");
    std::smatch match;
    if (std::regex_search(text, match, lostPoint) || std::regex_search(text, match, commaPoint))
      text = match.prefix().str() + match[1].str() + "." + match[2].str() + match.suffix().str();
  }
  std::string digits;
  for (char c : text)
    if (c != ',' && c != ' ') digits.push_back(c);
  // OCR reads a thousands comma as a dot: all but the last dot of a number are separators.
  const std::size_t lastDot = digits.rfind('.');
  if (lastDot != std::string::npos && digits.find('.') != lastDot) {
    std::string kept;
    for (std::size_t i = 0; i < digits.size(); ++i)
      if (digits[i] != '.' || i == lastDot) kept.push_back(digits[i]);
    digits = kept;
  }
  static const std::regex pattern(R"((-?\d+)(?:\.(\d{1,2}))?)");
  std::smatch match;
  if (!std::regex_search(digits, match, pattern)) return std::nullopt;
  if (match[1].length() > 14) return std::nullopt;
  std::int64_t fen = std::stoll(match[1]) * 100;
  if (match[2].matched) {
    std::string fraction = match[2];
    if (fraction.size() == 1) fraction += "0";
    fen += (fen < 0 ? -1 : 1) * std::stoll(fraction);
  }
  return fen;
}

std::string ChineseAmount::toWords(std::int64_t fen) {
  if (fen < 0) return "负" + toWords(-fen);
  const std::int64_t yuan = fen / 100;
  const int jiao = static_cast<int>(fen / 10 % 10);
  const int cents = static_cast<int>(fen % 10);
  std::string out;
  const std::int64_t groups[3] = {yuan / 100000000, yuan / 10000 % 10000, yuan % 10000};
  const char* const groupUnits[3] = {"亿", "万", ""};
  bool zeroBetween = false;
  for (int g = 0; g < 3; ++g) {
    const int value = static_cast<int>(groups[g]);
    if (value == 0) {
      if (!out.empty()) zeroBetween = true;
      continue;
    }
    if (!out.empty() && (zeroBetween || value < 1000)) out += kDigits[0];
    zeroBetween = false;
    out += fourDigits(value) + groupUnits[g];
  }
  if (yuan > 0) out += "元";
  if (jiao == 0 && cents == 0) return (yuan == 0 ? std::string("零元") : out) + "整";
  if (jiao > 0) out += std::string(kDigits[jiao]) + "角";
  if (cents > 0) {
    if (jiao == 0 && yuan > 0) out += kDigits[0];
    out += std::string(kDigits[cents]) + "分";
  } else {
    out += "整";
  }
  return out;
}

std::string ChineseAmount::toFigures(std::int64_t fen) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%lld.%02lld", fen < 0 ? "-" : "",
                static_cast<long long>((fen < 0 ? -fen : fen) / 100),
                static_cast<long long>((fen < 0 ? -fen : fen) % 100));
  return buffer;
}

}  // namespace aviary
