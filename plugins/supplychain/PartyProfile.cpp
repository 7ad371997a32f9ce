#include "PartyProfile.h"

#include <algorithm>
#include <cctype>

namespace aviary::supplychain {
namespace {

bool hasWord(std::string_view text, std::initializer_list<std::string_view> words) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && !std::isalpha(static_cast<unsigned char>(lower[i]))) ++i;
    std::size_t j = i;
    while (j < lower.size() && std::isalpha(static_cast<unsigned char>(lower[j]))) ++j;
    const std::string_view w = std::string_view(lower).substr(i, j - i);
    for (std::string_view x : words)
      if (w == x) return true;
    i = j;
  }
  return false;
}

bool hasPart(std::string_view text, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts)
    if (text.find(p) != std::string_view::npos) return true;
  return false;
}

void sortUnique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool PartyProfile::firmLikeName(std::string_view name) {
  return hasPart(name, {"公司", "厂", "店", "商行", "部", "超市", "合作社", "中心", "局", "银行",
                        "所"}) ||
         hasWord(name, {"co",      "ltd",        "llc",     "inc",        "corp", "corporation",
                        "company", "limited",    "gmbh",    "plc",        "srl",  "jsc",
                        "pte",     "pty",        "store",   "shop",       "mart", "supermarket",
                        "trading", "enterprise", "factory", "cooperative"});
}

bool PartyProfile::personLikeName(std::string_view name) {
  if (name.empty() || firmLikeName(name)) return false;
  // Chinese: 2-4 characters of three UTF-8 bytes each, nothing else.
  if (name.size() >= 6 && name.size() <= 12 && name.size() % 3 == 0 &&
      std::all_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return true;
  // Latin: "Wang Fang", "Maria de Souza": capitalised words of letters.
  int words = 0;
  bool start = true;
  for (char c : name) {
    if (c == ' ') {
      start = true;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
    if (start) {
      ++words;
      start = false;
    }
  }
  return words >= 2 && words <= 3 && std::isupper(static_cast<unsigned char>(name[0]));
}

bool PartyProfile::overheadIndustryText(std::string_view s) {
  // GB/T 4754 sections D (utilities), J (finance), K (real estate), S (public bodies).
  if (s.size() >= 3 && s.size() <= 5 && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin() + 1, s.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return s[0] == 'D' || s[0] == 'J' || s[0] == 'K' || s[0] == 'S';
  return hasPart(s, {"电力", "供电", "自来水", "燃气", "供水", "税务", "银行", "保险", "物业",
                     "房地产", "支付", "金融", "证券", "政府", "管理机构"}) ||
         hasWord(s,
                 {"electric",       "electricity", "power",    "water",   "gas",       "utility",
                  "utilities",      "tax",         "bank",     "banking", "insurance", "property",
                  "estate",         "payment",     "payments", "credit",  "financial", "finance",
                  "administration", "government",  "public"});
}

PartyProfile PartyProfile::build(const PaymentNetwork& net) {
  PartyProfile p;
  const std::size_t n = net.partyCount(), m = net.txnCount();
  p.kind.assign(n, Kind::Unknown);
  p.overheadIndustry.assign(n, 0);
  p.inYuan.assign(n, 0);
  p.outYuan.assign(n, 0);
  p.controllers.assign(n, {});
  p.controlled.assign(n, {});
  for (std::uint32_t v = 0; v < n; ++v) {
    p.registry = p.registry || net.inRegistry[v];
    if (net.kind[v] == PartyKind::Person)
      p.kind[v] = Kind::Person;
    else if (net.kind[v] != PartyKind::Unknown || firmLikeName(net.names[v]))
      p.kind[v] = Kind::Firm;
    else if (personLikeName(net.names[v]))
      p.kind[v] = Kind::Person;
    if (!net.industry[v].empty()) {
      p.industries = true;
      p.overheadIndustry[v] = overheadIndustryText(net.industry[v]);
    }
  }
  for (std::size_t t = 0; t < m; ++t) {
    const double yuan = static_cast<double>(net.cents[t]) / 100.0;
    p.outYuan[net.payer[t]] += yuan;
    p.inYuan[net.payee[t]] += yuan;
    p.memos = p.memos || net.memo[t] != MemoClass::Blank;
    p.clockTimes = p.clockTimes || net.time[t] % 86400 != 0;
  }
  if (m) {
    p.firstDay = static_cast<std::int32_t>(net.time.front() / 86400);
    p.lastDay = static_cast<std::int32_t>(net.time.back() / 86400);
  }
  for (std::uint32_t f = 0; f < n; ++f)
    if (net.legalPerson[f] != PartyTable::kNone) {
      p.controllers[f].push_back(net.legalPerson[f]);
      p.controlled[net.legalPerson[f]].push_back(f);
    }
  for (const auto& h : net.holdings)
    if (h.share >= 0.3) {
      p.controllers[h.firm].push_back(h.holder);
      p.controlled[h.holder].push_back(h.firm);
    }
  for (auto& v : p.controllers) sortUnique(v);
  for (auto& v : p.controlled) sortUnique(v);
  return p;
}

bool PartyProfile::related(std::uint32_t a, std::uint32_t b) const {
  const auto& ca = controllers[a];
  const auto& cb = controllers[b];
  if (std::binary_search(ca.begin(), ca.end(), b) || std::binary_search(cb.begin(), cb.end(), a))
    return true;
  for (std::uint32_t c : ca)
    if (std::binary_search(cb.begin(), cb.end(), c)) return true;
  return false;
}

}  // namespace aviary::supplychain
