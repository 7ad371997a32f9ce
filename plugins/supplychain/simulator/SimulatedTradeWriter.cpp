#include "SimulatedTradeWriter.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "CalendarDate.h"

namespace aviary::supplychain {
namespace {

using Trade = SimulatedTrade;

const char* roleName(Trade::Role r) {
  switch (r) {
    case Trade::Role::Brand:
      return "brand";
    case Trade::Role::Distributor:
      return "distributor";
    case Trade::Role::Wholesaler:
      return "wholesaler";
    case Trade::Role::Retailer:
      return "retailer";
    case Trade::Role::Consumer:
      return "consumer";
    case Trade::Role::Other:
      return "other";
  }
  return "other";
}

// Today's fixed Chinese words, one per memo kind.
const char* chineseMemo(std::uint8_t m) {
  static const char* texts[] = {"",        "货款", "进货",   "采购",  "订单#",  "订单#", "房租",
                                "租金",    "工资", "电费",   "水费",  "燃气费", "税款",  "增值税",
                                "POS结算", "结算", "转账",   "还款",  "红包",   "借款",  "往来款",
                                "购物",    "运费", "退货款", "调货款"};
  return texts[m];
}

// Free text as people type it, in several languages; '#' stands for a number.
const std::vector<const char*>& freeTextMemos(std::uint8_t m) {
  static const std::vector<std::vector<const char*>> phrases = {
      {},
      {"货款", "付货款", "payment for goods", "goods", "Invoice #", "INV-# goods",
       "Zahlung Rechnung #", "pago factura #", "thanh toan tien hang", "物品代金", "貨款 #"},
      {"进货", "进货款 第#批", "stock purchase", "restock #", "Wareneinkauf", "nhap hang #"},
      {"采购", "采购款", "purchase order #", "PO#", "compra #", "Einkauf #"},
      {"订单#", "order #", "订货 #", "Bestellung #", "pedido #"},
      {"订单#,含运费", "order #, incl. shipping", "invoice #, goods and delivery"},
      {"房租", "rent", "rent #月", "Miete #", "alquiler", "tien nha"},
      {"租金", "店面租金", "shop rent", "lease payment", "Pacht"},
      {"工资", "salary", "payroll #", "wages", "Gehalt #", "nomina", "luong thang #", "薪资"},
      {"电费", "electricity", "power bill #", "Strom", "tien dien"},
      {"水费", "water bill", "Wasser", "tien nuoc"},
      {"燃气费", "gas bill", "Gas #"},
      {"税款", "tax payment", "income tax", "Steuer #", "thue"},
      {"增值税", "VAT Q#", "VAT", "IVA #"},
      {"POS结算", "card settlement #", "POS settlement", "merchant settlement"},
      {"结算", "settlement #", "Abrechnung", "liquidacion"},
      {"转账", "transfer", "trf", "Ueberweisung", "chuyen khoan"},
      {"还款", "repayment", "loan repay #", "Rueckzahlung", "tra no"},
      {"红包", "gift", "happy new year", "li xi"},
      {"借款", "loan", "Darlehen", "prestamo", "muon tien"},
      {"往来款", "intercompany", "current account", "Verrechnung"},
      {"购物", "shopping", "groceries", "Einkauf", "mua sam"},
      {"运费", "freight #", "shipping", "delivery fee", "Fracht", "cuoc van chuyen"},
      {"退货款", "refund #", "return of goods", "Rueckerstattung", "hoan tien"},
      {"调货款", "stock transfer", "goods moved from shop #", "Umlagerung"}};
  return phrases[m];
}

bool isGoodsMemo(std::uint8_t m) {
  return m == Trade::kGoods || m == Trade::kStock || m == Trade::kPurchase || m == Trade::kOrder ||
         m == Trade::kOrderComma || m == Trade::kTransferGoods;
}

const char* channelWord(int vocabulary, std::uint8_t channel) {
  static const char* words[3][4] = {{"bank", "wechat", "alipay", "pos"},
                                    {"网银", "微信支付", "支付宝", "刷卡"},
                                    {"TRANSFER", "MOBILE", "MOBILE", "CARD"}};
  return words[std::clamp(vocabulary, 0, 2)][channel & 3];
}

// Industry names for the GB/T 4754 classes the simulators use.
std::string industryName(const std::string& code, ExportStyle::Industries style) {
  struct Name {
    const char* code;
    const char* chinese;
    const char* english;
  };
  static const Name names[] = {
      {"C1523", "瓶(罐)装饮用水制造", "Manufacture of bottled water and soft drinks"},
      {"C1419", "其他焙烤食品制造", "Manufacture of bakery products"},
      {"C1441", "液体乳制造", "Manufacture of dairy products"},
      {"C2682", "化妆品制造", "Manufacture of toiletries"},
      {"C2231", "纸和纸板容器制造", "Manufacture of paper containers"},
      {"C2929", "其他塑料制品制造", "Manufacture of plastic products"},
      {"A0141", "蔬菜种植", "Growing of vegetables"},
      {"C1331", "食用植物油加工", "Manufacture of vegetable oils"},
      {"F5127", "酒、饮料及茶叶批发", "Wholesale of beverages"},
      {"F5122", "粮油批发", "Wholesale of grain and oils"},
      {"F5126", "乳制品批发", "Wholesale of dairy products"},
      {"F5135", "化妆品及卫生用品批发", "Wholesale of toiletries"},
      {"F5139", "其他家庭用品批发", "Wholesale of other household goods"},
      {"F5199", "其他未列明批发业", "Other wholesale"},
      {"F5221", "粮油零售", "Retail sale of food"},
      {"F5223", "饮料及茶叶零售", "Retail sale of beverages"},
      {"F5226", "其他食品零售", "Retail sale of other food"},
      {"F5211", "百货零售", "Retail sale in non-specialised stores"},
      {"D4420", "电力供应", "Electric power supply"},
      {"D4610", "自来水生产和供应", "Water supply"},
      {"D4500", "燃气生产和供应业", "Gas supply"},
      {"S9221", "综合事务管理机构", "Public administration"},
      {"J6930", "非金融机构支付服务", "Payment services"},
      {"K7040", "物业管理", "Property management"},
      {"G5430", "道路货物运输", "Freight transport by road"},
      {"G5920", "通用仓储", "Warehousing and storage"},
      {"L7212", "投资与资产管理", "Investment management"},
      {"L7299", "其他未列明商务服务业", "Other business services"},
      {"A0511", "种子种苗培育活动", "Seed processing and propagation"},
      {"C2625", "有机肥料及微生物肥料制造", "Manufacture of fertilizers"},
      {"C2631", "化学农药制造", "Manufacture of pesticides"},
      {"F5166", "化肥批发", "Wholesale of fertilizers"},
      {"F5167", "农药批发", "Wholesale of pesticides"},
      {"F5168", "农用薄膜批发", "Wholesale of agricultural supplies"},
      {"F5299", "其他未列明零售业", "Other retail sale"},
      {"J6639", "其他非货币银行服务", "Other credit granting"},
      {"J6820", "财产保险", "Non-life insurance"}};
  if (style == ExportStyle::Industries::Codes) return code;
  if (style == ExportStyle::Industries::None || code.empty()) return "";
  for (const auto& n : names)
    if (code == n.code)
      return style == ExportStyle::Industries::ChineseNames ? n.chinese : n.english;
  return code;
}

// RFC 4180: quote a field holding a comma, quote or line break.
void appendField(std::string& out, const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

class OutFile {
 public:
  explicit OutFile(const std::filesystem::path& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error("cannot write " + path.string() + ": check the folder");
    buf.reserve(1 << 22);
  }
  ~OutFile() {
    flush(true);
    std::fclose(f_);
  }
  void flush(bool force = false) {
    if (force || buf.size() > (1 << 21)) {
      std::fwrite(buf.data(), 1, buf.size(), f_);
      buf.clear();
    }
  }
  std::string buf;

 private:
  std::FILE* f_;
};

class Writer {
 public:
  Writer(const Trade& t, const ExportStyle& s)
      : trade_(t), style_(s), rng_(t.seed * 0x2545F4914F6CDD1Dull + 99) {}
  void transactions(const std::filesystem::path& path);
  void firms(const std::filesystem::path& path);
  void holdingsAndCertificates(const std::filesystem::path& dir);
  void truth(const std::filesystem::path& path);

 private:
  std::string memo(const Trade::Txn& t);
  const Trade& trade_;
  ExportStyle style_;
  std::mt19937_64 rng_;
};

std::string Writer::memo(const Trade::Txn& t) {
  if (style_.memos == ExportStyle::Memos::None || t.memo == Trade::kBlank) return "";
  const std::string number = std::to_string(t.memoNumber);
  if (style_.memos == ExportStyle::Memos::Chinese) {
    if (t.memo == Trade::kOrder) return chineseMemo(t.memo) + number;
    if (t.memo == Trade::kOrderComma) return "订单#" + number + ",含运费";
    return chineseMemo(t.memo);
  }
  const double keep = isGoodsMemo(t.memo) ? style_.goodsMemoShare : style_.otherMemoShare;
  if (std::uniform_real_distribution<double>(0, 1)(rng_) >= keep) return "";
  const auto& options = freeTextMemos(t.memo);
  std::string text =
      options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng_)];
  const auto hash = text.find('#');
  if (hash != std::string::npos) text.replace(hash, 1, number.substr(0, 1 + t.memoNumber % 5));
  return text;
}

void Writer::transactions(const std::filesystem::path& path) {
  OutFile f(path);
  std::string& out = f.buf;
  out += "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n";
  char buf[48];
  std::size_t n = 0;
  for (const Trade::Txn& t : trade_.txns) {
    std::snprintf(buf, sizeof buf, "T%09zu,", ++n);
    out += buf;
    const CalendarDate d = CalendarDate::fromDaysSinceEpoch(t.time / 86400);
    const int sec = static_cast<int>(t.time % 86400);
    if (style_.dateOnly)
      std::snprintf(buf, sizeof buf, "%s", d.iso().c_str());
    else
      std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", d.iso().c_str(), sec / 3600,
                    sec / 60 % 60, sec % 60);
    out += buf;
    const Trade::Party& a = trade_.parties[t.payer];
    const Trade::Party& b = trade_.parties[t.payee];
    out += ',';
    out += a.id;
    out += ',';
    appendField(out, a.name);
    out += ',';
    out += b.id;
    out += ',';
    appendField(out, b.name);
    out += ',';
    auto r = std::to_chars(buf, buf + sizeof buf, t.cents / 100);
    out.append(buf, r.ptr);
    out += '.';
    out += static_cast<char>('0' + t.cents % 100 / 10);
    out += static_cast<char>('0' + t.cents % 10);
    out += ',';
    out += channelWord(style_.channelWords, t.channel);
    out += ',';
    appendField(out, memo(t));
    out += '\n';
    f.flush();
  }
}

void Writer::firms(const std::filesystem::path& path) {
  OutFile f(path);
  std::string& out = f.buf;
  out +=
      "firm_id,name,uscc,kind,legal_person_id,registered_capital,established,industry,address,"
      "status\n";
  const auto& parties = trade_.parties;
  for (std::size_t i = 0; i < parties.size(); ++i) {
    const Trade::Party& p = parties[i];
    if (!p.inRegistry) continue;
    char date[16];
    std::snprintf(date, sizeof date, "%s",
                  CalendarDate::fromDaysSinceEpoch(p.establishedDay).iso().c_str());
    char uscc[24] = "";
    if (!p.person)
      std::snprintf(uscc, sizeof uscc, "91350%013llu",
                    static_cast<unsigned long long>(i * 7919 % 10000000000000ull));
    out += p.id + ",";
    appendField(out, p.name);
    out += std::string(",") + uscc + "," + p.kind + "," +
           (p.legalPerson >= 0 ? parties[static_cast<std::size_t>(p.legalPerson)].id : "") + "," +
           (p.person ? "" : std::to_string(static_cast<long long>(p.capital))) + "," +
           (p.person ? "" : date) + ",";
    appendField(out, industryName(p.industry, style_.industries));
    out += ",";
    if (!p.person)
      appendField(out, p.address.empty() ? "福建省" + p.name.substr(0, 6) + "市,中山路" +
                                               std::to_string(i % 300 + 1) + "号"
                                         : p.address);
    out += "," + p.status + "\n";
    f.flush();
  }
}

void Writer::holdingsAndCertificates(const std::filesystem::path& dir) {
  char buf[64];
  {
    OutFile f(dir / "holdings.csv");
    f.buf += "holder_id,firm_id,share\n";
    for (const auto& h : trade_.holdings) {
      std::snprintf(buf, sizeof buf, "%.2f", h.share);
      f.buf += trade_.parties[static_cast<std::size_t>(h.holder)].id + "," +
               trade_.parties[static_cast<std::size_t>(h.firm)].id + "," + buf + "\n";
      f.flush();
    }
  }
  OutFile f(dir / "certificates.csv");
  f.buf += "brand_id,dealer_id,tier,since\n";
  for (const auto& c : trade_.certificates) {
    std::snprintf(buf, sizeof buf, ",%d,%s\n", c.tier,
                  CalendarDate::fromDaysSinceEpoch(c.sinceDay).iso().c_str());
    f.buf += trade_.parties[static_cast<std::size_t>(c.brand)].id + "," +
             trade_.parties[static_cast<std::size_t>(c.dealer)].id + buf;
  }
}

void Writer::truth(const std::filesystem::path& path) {
  const auto& parties = trade_.parties;
  const std::size_t n = parties.size();
  // Roles and tiers from the true supply graph (shortest distance below a brand).
  std::vector<char> seen(n, 0);
  for (const auto& t : trade_.txns) seen[t.payer] = seen[t.payee] = 1;
  std::vector<std::vector<int>> buyers(n);
  for (const auto& [s, b] : trade_.supplies) buyers[static_cast<std::size_t>(s)].push_back(b);
  std::vector<int> tier(n, -1);
  std::vector<std::set<std::string>> reach(n);
  std::vector<int> queue;
  for (std::size_t i = 0; i < n; ++i)
    if (parties[i].role == Trade::Role::Brand) {
      tier[i] = 0;
      queue.push_back(static_cast<int>(i));
      reach[i].insert(parties[i].id);
    }
  for (std::size_t h = 0; h < queue.size(); ++h)
    for (int b : buyers[static_cast<std::size_t>(queue[h])])
      if (tier[static_cast<std::size_t>(b)] < 0 &&
          parties[static_cast<std::size_t>(b)].role != Trade::Role::Other) {
        tier[static_cast<std::size_t>(b)] = tier[static_cast<std::size_t>(queue[h])] + 1;
        queue.push_back(b);
      }
  for (int pass = 0; pass < 6; ++pass)
    for (const auto& [s, b] : trade_.supplies)
      if (tier[static_cast<std::size_t>(s)] >= 0 && tier[static_cast<std::size_t>(b)] > 0)
        reach[static_cast<std::size_t>(b)].insert(reach[static_cast<std::size_t>(s)].begin(),
                                                  reach[static_cast<std::size_t>(s)].end());
  auto ids = [&](const std::vector<int>& members) {
    nlohmann::json a = nlohmann::json::array();
    for (int f : members) a.push_back(parties[static_cast<std::size_t>(f)].id);
    return a;
  };
  nlohmann::json truth;
  truth["seed"] = trade_.seed;
  truth["as_of"] = trade_.asOf;
  nlohmann::json entries = nlohmann::json::object();
  for (std::size_t i = 0; i < n; ++i) {
    if (!seen[i]) continue;
    entries[parties[i].id] = {{"role", roleName(parties[i].role)},
                              {"tier", tier[i] >= 0 ? nlohmann::json(tier[i]) : nlohmann::json()},
                              {"brands", reach[i]},
                              {"kind", parties[i].kind}};
  }
  truth["parties"] = entries;
  nlohmann::json sup = nlohmann::json::array();
  for (const auto& [s, b] : trade_.supplies)
    sup.push_back(
        {parties[static_cast<std::size_t>(s)].id, parties[static_cast<std::size_t>(b)].id});
  truth["supplies"] = sup;
  nlohmann::json rings = nlohmann::json::array(), fanIns = nlohmann::json::array(),
                 fanOuts = nlohmann::json::array();
  for (const auto& r : trade_.rings) rings.push_back(ids(r));
  for (const auto& r : trade_.fanIns) fanIns.push_back(ids(r));
  for (const auto& r : trade_.fanOuts) fanOuts.push_back(ids(r));
  truth["rings"] = rings;
  truth["shells"] = ids(trade_.shells);
  truth["fan_ins"] = fanIns;
  truth["fan_outs"] = fanOuts;
  std::ofstream(path) << truth.dump(1) << "\n";
}

}  // namespace

void SimulatedTradeWriter::write(const SimulatedTrade& trade, const ExportStyle& style,
                                 const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  Writer w(trade, style);
  w.transactions(dir / "transactions.csv");
  w.firms(dir / "firms.csv");
  w.holdingsAndCertificates(dir);
  w.truth(dir / "truth.json");
}

}  // namespace aviary::supplychain
