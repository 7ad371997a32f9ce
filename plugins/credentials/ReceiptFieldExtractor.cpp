#include "ReceiptFieldExtractor.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "ChineseAmount.h"
#include "DocumentDates.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

std::string upper(const std::string& text) {
  std::string out = text;
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool containsAny(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

ExtractedField fieldAt(const OcrLine& line, const std::string& value, double confidence) {
  return {value, confidence, line.x, line.y, line.width, line.height};
}

// Capitals without spaces: OCR drops and adds spaces in Latin text ("SDNBHD", "S D N").
std::string compactUpper(const std::string& text) {
  std::string out;
  for (char c : upper(text))
    if (c != ' ') out.push_back(c);
  return out;
}

// How much a line looks like the shop's name: a legal form or trade word counts for it;
// an address, phone or tax number, a title or a sentence counts against it.
double nameScore(const std::string& raw) {
  const std::string text = compactUpper(raw);
  static const std::vector<std::string> legal = {
      "SDNBHD",     "SDN.BHD", "BHD",  "S/B",  "PLT",  "LTD",  "LIMITED",
      "ENTERPRISE", "TRADING", "公司", "有限", "商行", "超市", "便利店"};
  static const std::vector<std::string> trade = {
      "RESTAURANT", "RESTORAN",   "MART",  "STORE",    "SHOP",    "CAFE",       "MARKET",
      "COMPANY",    "HOLDINGS",   "KEDAI", "HARDWARE", "BAKERY",  "STATIONERY", "PHARMACY",
      "PASAR",      "PERNIAGAAN", "BOOK",  "GALLERY",  "KITCHEN", "FOOD",       "商店",
      "餐厅",       "饭店",       "药房",  "门市",     "店"};
  static const std::vector<std::string> address = {"JALAN",  "JLN",    "LOT",       "ROAD",
                                                   "STREET", "LORONG", "PERSIARAN", "BATU",
                                                   "地址",   "路",     "号",        "街"};
  static const std::vector<std::string> other = {
      "TEL",  "FAX",  "GST",    "REG",  "INVOICE", "RECEIPT", "DATE",  "CASHIER", "TIME",
      "电话", "税号", "小票",   "收银", "日期",    "WELCOME", "THANK", "欢迎",    "HTTP",
      "WWW",  "@",    "CO.REG", "ROC",  "BILL",    "TABLE",   "MEMBER"};
  int letters = 0, digits = 0, lower = 0;
  for (char c : raw) {
    letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
    lower += std::islower(static_cast<unsigned char>(c)) ? 1 : 0;
  }
  const int cjk = static_cast<int>(TextSimilarity::codePoints(raw).size()) -
                  static_cast<int>(std::count_if(raw.begin(), raw.end(), [](char c) {
                    return static_cast<unsigned char>(c) < 0x80;
                  }));
  if (letters + cjk < 3) return -10.0;
  double score = 1.0;
  if (containsAny(text, legal))
    score += 4.0;
  else if (containsAny(text, trade))
    score += 2.0;
  if (containsAny(text, address) || (text.rfind("NO", 0) == 0 && digits > 0)) score -= 2.5;
  if (containsAny(text, other)) score -= 3.0;
  score -= 4.0 * digits / std::max(1, letters + digits + cjk);
  score -= 2.0 * lower / std::max(1, letters);  // names are printed in capitals
  return score;
}

// A shop's name as registered: without the company number printed after it ("(126926-H)",
// "1110644-W"), with O for the zero OCR reads inside words ("AEON C0.").
std::string cleanName(const std::string& raw) {
  static const std::regex number(R"(\s*[(（]?\s*\d{5,}\s*[-‐·.]?\s*[A-Z]?\s*[)）]?\s*$)");
  std::string name = std::regex_replace(raw, number, "");
  for (std::size_t i = 1; i < name.size(); ++i)
    if (name[i] == '0' && std::isalpha(static_cast<unsigned char>(name[i - 1])) &&
        (i + 1 == name.size() || !std::isdigit(static_cast<unsigned char>(name[i + 1]))))
      name[i] = 'O';
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name;
}

// How surely a line states the amount paid: 2 for a final total (rounded, nett, grand,
// inclusive of tax, 实收 ...), 1 for a plain total, 0 for none or for a subtotal, a count, a
// tax, a discount or a payment.
int totalRank(const std::string& raw) {
  const std::string text = compactUpper(raw);
  static const std::vector<std::string> never = {
      "SUB",    "QTY",  "QRY",   "QUANTITY", "ITEM", "EXCL", "DISCOUNT", "SAVING", "CASH", "CHANGE",
      "TENDER", "PAID", "POINT", "ADJ",      "找零", "优惠", "数量",     "小计",   "件数"};
  if (containsAny(text, never)) return 0;
  // "Rounding" alone is the adjustment; a rounded total says TOTAL too.
  if (text.find("ROUND") != std::string::npos && text.find("TOTAL") == std::string::npos) return 0;
  const bool inclusive = text.find("INCL") != std::string::npos ||
                         text.find("LNCL") != std::string::npos;  // OCR's l for I
  if ((text.find("GST") != std::string::npos || text.find("TAX") != std::string::npos ||
       text.find("税") != std::string::npos) &&
      !inclusive)
    return 0;
  static const std::vector<std::string> final_ = {
      "ROUND",     "NETT",    "NET TOTAL", "NETTOTAL", "GRAND", "TOTALAMOUNT",
      "AMOUNTDUE", "PAYABLE", "TOTAL(RM)", "TOTALRM",  "实收",  "应收",
      "实付",      "应付",    "总计",      "合计"};
  if (containsAny(text, final_) || inclusive) return 2;
  return text.find("TOTAL") != std::string::npos || text.find("总额") != std::string::npos ? 1 : 0;
}

}  // namespace

std::string ReceiptFieldExtractor::lastAmount(const std::string& text) {
  static const std::regex amount(R"((\d{1,3}(?:,\d{3})+|\d+)\s?[.,]\s?(\d{2})(?!\d))");
  std::string last;
  for (std::sregex_iterator it(text.begin(), text.end(), amount), end; it != end; ++it) {
    std::string whole = (*it)[1].str();
    whole.erase(std::remove(whole.begin(), whole.end(), ','), whole.end());
    last = whole + "." + (*it)[2].str();
  }
  if (last.empty()) return "";
  const auto fen = ChineseAmount::parseFigures(last);
  return fen ? ChineseAmount::toFigures(*fen) : "";
}

std::map<std::string, ExtractedField> ReceiptFieldExtractor::extract(
    const std::vector<OcrLine>& lines) {
  std::map<std::string, ExtractedField> fields;
  // The shop's name: the most name-like of the lines above the first date or amount.
  std::size_t headEnd = std::min<std::size_t>(lines.size(), 10);
  for (std::size_t i = 0; i < headEnd; ++i)
    if (DocumentDates::parseAny(lines[i].text) || !lastAmount(lines[i].text).empty()) {
      headEnd = std::max<std::size_t>(i, 1);
      break;
    }
  double best = 0.5;
  std::size_t nameLine = lines.size();
  for (std::size_t i = 0; i < headEnd; ++i) {
    const double score = nameScore(lines[i].text) - 0.15 * static_cast<double>(i);
    if (score > best) {
      best = score;
      nameLine = i;
    }
  }
  if (nameLine < lines.size()) {
    std::string name = lines[nameLine].text;
    auto startsWithForm = [](const std::string& text) {
      const std::string head = compactUpper(text);
      for (const char* form : {"SDN", "BHD", "(M)", "CO.", "CO(", "&", "ENTERPRISE", "TRADING"})
        if (head.rfind(form, 0) == 0) return true;
      return false;
    };
    // A name over two lines: "POPULAR BOOK" over "CO. (M) SDN BHD", "... TRADING" over
    // "SDN BHD", "TEO HENG STATIONERY" over "& BOOKS".
    if (nameLine > 0 && startsWithForm(name) && nameScore(lines[nameLine - 1].text) > -1.0)
      name = lines[nameLine - 1].text + " " + name;
    if (nameLine + 1 < lines.size() && startsWithForm(lines[nameLine + 1].text))
      name += " " + lines[nameLine + 1].text;
    fields["merchant_name"] = fieldAt(lines[nameLine], cleanName(name), lines[nameLine].confidence);
  }
  // The date: on a line that says so, else the first real date.
  std::optional<std::size_t> dateLine;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!DocumentDates::parseAny(lines[i].text)) continue;
    const std::string text = upper(lines[i].text);
    if (!dateLine || text.find("DATE") != std::string::npos ||
        text.find("日期") != std::string::npos) {
      const bool labelled =
          text.find("DATE") != std::string::npos || text.find("日期") != std::string::npos;
      dateLine = i;
      if (labelled) break;
    }
  }
  if (dateLine)
    fields["date"] =
        fieldAt(lines[*dateLine], DocumentDates::parseAny(lines[*dateLine].text)->iso(),
                lines[*dateLine].confidence);
  // The total: among final totals the last printed (after the rounding); among plain totals
  // the largest (a tax summary's total comes later and is smaller). A line's own amount, or
  // the one on the line under a bare label.
  std::int64_t bestFen = -1;
  int bestRank = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int rank = totalRank(lines[i].text);
    if (rank == 0 || rank < bestRank) continue;
    std::string amount = lastAmount(lines[i].text);
    std::size_t at = i;
    if (amount.empty() && i + 1 < lines.size() && totalRank(lines[i + 1].text) == 0)
      amount = lastAmount(lines[at = i + 1].text);
    const auto fen = amount.empty() ? std::nullopt : ChineseAmount::parseFigures(amount);
    if (fen && (rank > bestRank || rank == 2 || *fen > bestFen)) {
      bestFen = *fen;
      bestRank = rank;
      fields["total"] = fieldAt(lines[at], amount, lines[at].confidence);
    }
  }
  return fields;
}

}  // namespace aviary
