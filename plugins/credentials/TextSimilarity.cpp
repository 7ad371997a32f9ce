#include "TextSimilarity.h"

#include <algorithm>
#include <set>

namespace aviary {

std::vector<std::string> TextSimilarity::codePoints(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string TextSimilarity::compact(const std::string& text) {
  static const std::set<std::string> dropped = {
      " ",  "\t", "\n", ",",  ".",  ":",  ";",  "(", ")", "-", "_",  "'",  "\"",
      "，", "。", "：", "；", "（", "）", "、", "“", "”", "·", "【", "】", "|"};
  std::string out;
  for (const std::string& c : codePoints(text))
    if (!dropped.count(c)) out += c;
  return out;
}

double TextSimilarity::dice(const std::string& a, const std::string& b) {
  const auto pa = codePoints(compact(a));
  const auto pb = codePoints(compact(b));
  if (pa.size() < 2 || pb.size() < 2) return compact(a) == compact(b) ? 1.0 : 0.0;
  std::multiset<std::string> bigrams;
  for (std::size_t i = 0; i + 1 < pa.size(); ++i) bigrams.insert(pa[i] + pa[i + 1]);
  int shared = 0;
  for (std::size_t i = 0; i + 1 < pb.size(); ++i) {
    const auto it = bigrams.find(pb[i] + pb[i + 1]);
    if (it != bigrams.end()) {
      ++shared;
      bigrams.erase(it);
    }
  }
  return 2.0 * shared / static_cast<double>(pa.size() + pb.size() - 2);
}

std::string TextSimilarity::organisationCore(const std::string& name) {
  std::string core = compact(name);
  static const char* const suffixes[] = {"股份有限公司", "有限责任公司", "有限公司",
                                         "个体工商户",   "分公司",       "公司"};
  for (const char* suffix : suffixes) {
    const std::string s = suffix;
    if (core.size() > s.size() && core.compare(core.size() - s.size(), s.size(), s) == 0) {
      core.erase(core.size() - s.size());
      break;
    }
  }
  // A leading region ("杭州市", "西湖区") is often left out.
  for (const char* marker : {"市", "区", "县"}) {
    const std::size_t at = core.find(marker);
    if (at != std::string::npos && at <= 9 && core.size() - at > 6) core.erase(0, at + 3);
  }
  return core;
}

bool TextSimilarity::sameOrganisation(const std::string& a, const std::string& b) {
  const std::string ca = organisationCore(a);
  const std::string cb = organisationCore(b);
  if (ca.empty() || cb.empty()) return false;
  if (ca == cb) return true;
  const std::string& shorter = ca.size() < cb.size() ? ca : cb;
  const std::string& longer = ca.size() < cb.size() ? cb : ca;
  if (shorter.size() >= 6 && longer.find(shorter) != std::string::npos) return true;
  return dice(ca, cb) >= 0.8;
}

bool TextSimilarity::sameAddress(const std::string& a, const std::string& b) {
  const std::string ca = compact(a);
  const std::string cb = compact(b);
  if (ca.empty() || cb.empty()) return false;
  if (ca.find(cb) != std::string::npos || cb.find(ca) != std::string::npos) return true;
  return dice(ca, cb) >= 0.75;
}

std::string TextSimilarity::asciiPunctuation(const std::string& text) {
  static const std::vector<std::pair<std::string, std::string>> map = {
      {"（", "("}, {"）", ")"}, {"：", ":"}, {"，", ","}, {"；", ";"}, {"．", "."}, {"－", "-"},
      {"—", "-"},  {"／", "/"}, {"　", ""},  {" ", ""},   {"【", "("}, {"】", ")"}};
  std::string out;
  for (const std::string& c : codePoints(text)) {
    std::string mapped = c;
    for (const auto& [from, to] : map)
      if (c == from) mapped = to;
    out += mapped;
  }
  return out;
}

double TextSimilarity::containment(const std::string& needle, const std::string& haystack) {
  const auto a = codePoints(needle);
  const auto b = codePoints(haystack);
  if (a.empty()) return 0.0;
  std::vector<int> previous(b.size() + 1, 0), current(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] =
          a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
    std::swap(previous, current);
  }
  return static_cast<double>(previous[b.size()]) / static_cast<double>(a.size());
}

}  // namespace aviary
