#include "DocumentContentGenerator.h"

#include <cmath>
#include <cstdio>

#include "ChineseAmount.h"
#include "DocumentCatalog.h"
#include "DocumentDates.h"
#include "IdNumberChecksum.h"
#include "TextSimilarity.h"
#include "UsccChecksum.h"
#include "VinChecksum.h"

namespace aviary {

namespace {

const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
                                            "何", "林", "高", "罗", "郑", "梁", "谢", "宋"};
const std::vector<std::string> kGivenNames = {
    "伟",   "芳",   "娜", "敏", "静",   "丽",   "强",   "磊",   "军",   "洋",   "勇",   "艳",
    "杰",   "娟",   "涛", "明", "超",   "秀英", "华",   "平",   "刚",   "桂英", "建国", "志强",
    "海燕", "建华", "文", "红", "国庆", "春梅", "晓东", "小红", "永刚", "玉兰", "德明", "立新"};
struct City {
  std::string name;
  std::string province;
  std::string code;
  std::vector<std::string> districts;
};
const std::vector<City> kCities = {
    {"杭州市", "浙", "330106", {"西湖区", "上城区", "拱墅区", "滨江区"}},
    {"宁波市", "浙", "330212", {"鄞州区", "海曙区", "江北区"}},
    {"福州市", "闽", "350102", {"鼓楼区", "台江区", "仓山区"}},
    {"成都市", "川", "510104", {"锦江区", "青羊区", "武侯区"}},
    {"武汉市", "鄂", "420102", {"江岸区", "江汉区", "洪山区"}},
    {"长沙市", "湘", "430102", {"芙蓉区", "天心区", "岳麓区"}},
    {"南京市", "苏", "320102", {"玄武区", "秦淮区", "鼓楼区"}},
    {"合肥市", "皖", "340102", {"瑶海区", "庐阳区", "蜀山区"}}};
const std::vector<std::string> kStreets = {"文三路", "解放路", "人民路", "中山路", "建设路",
                                           "和平街", "新华路", "长江路", "东风路", "学院路",
                                           "光明路", "胜利街", "朝阳路", "南京路"};
const std::vector<std::string> kBrandWords = {"鑫源", "金福", "好运", "家乐", "顺达", "恒通",
                                              "福满", "兴旺", "美味", "百味", "乐家", "富民",
                                              "惠民", "佳园", "明珠", "长青", "红星", "东方"};
const std::vector<std::string> kTrades = {"餐饮", "小吃", "超市", "便利店", "食品",
                                          "百货", "面馆", "饭店", "水果",   "烟酒"};
const std::vector<std::string> kScopes = {"餐饮服务；食品销售", "预包装食品销售；日用百货销售",
                                          "小吃服务；饮料及冷饮服务", "食品经营；烟草制品零售",
                                          "日用品零售；水果零售"};
const std::vector<std::string> kItems = {"热食类食品制售", "预包装食品销售", "冷食类食品制售",
                                         "糕点类食品制售", "散装食品销售"};
const std::vector<std::string> kGoods = {"大米", "食用油", "面粉", "鸡蛋", "猪肉",
                                         "蔬菜", "调味品", "饮料", "纸巾", "啤酒"};

City cityByName(const std::string& name) {
  for (const City& city : kCities)
    if (city.name == name) return city;
  return kCities.front();
}

std::string formatNumber(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string withThousands(const std::string& figures) {
  const std::size_t dot = figures.find('.');
  std::string whole = figures.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : figures.substr(dot);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
    whole.insert(static_cast<std::size_t>(i), ",");
  return whole + fraction;
}

}  // namespace

int DocumentContentGenerator::uniform(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random_);
}

double DocumentContentGenerator::uniformReal(double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random_);
}

std::string DocumentContentGenerator::personName() {
  return pick(kSurnames) + pick(kGivenNames);
}

std::string DocumentContentGenerator::companyName(const std::string& city) {
  const City c = cityByName(city);
  const int form = uniform(0, 2);
  const std::string core = pick(kBrandWords) + pick(kTrades);
  if (form == 0) return c.name + core + "有限公司";
  if (form == 1) {
    const bool endsInShop = core.size() >= 3 && core.compare(core.size() - 3, 3, "店") == 0;
    return c.name + pick(c.districts) + core + (endsInShop ? "" : "店");
  }
  return c.name + core + "有限公司";
}

std::string DocumentContentGenerator::address(const std::string& city) {
  const City c = cityByName(city);
  return c.name + pick(c.districts) + pick(kStreets) + std::to_string(uniform(1, 399)) + "号";
}

std::string DocumentContentGenerator::digits(int count) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out.push_back(static_cast<char>('0' + uniform(i == 0 ? 1 : 0, 9)));
  return out;
}

std::string DocumentContentGenerator::uscc(const std::string& regionCode) {
  // Registration authority 9 (market regulation), type 1 (enterprise) or 2 (individual).
  std::string organisation;
  static const std::string letters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  organisation = "MA";
  for (int i = 0; i < 6; ++i)
    organisation.push_back(letters[static_cast<std::size_t>(uniform(0, 30))]);
  static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = organisation[static_cast<std::size_t>(i)];
    sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * weights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return uscc(regionCode);  // 'X' is outside the USCC alphabet: draw again
  organisation.push_back(check == 11 ? '0' : static_cast<char>('0' + check));
  return UsccChecksum::complete("9" + std::string(uniform(0, 1) ? "1" : "2") + regionCode +
                                organisation);
}

std::string DocumentContentGenerator::idNumber(const std::string& birthIso) {
  std::string first17 = pick(kCities).code + birthIso.substr(0, 4) + birthIso.substr(5, 2) +
                        birthIso.substr(8, 2) + digits(3);
  return IdNumberChecksum::complete(first17);
}

std::string DocumentContentGenerator::isoDate(int yearLow, int yearHigh) {
  return DocumentDates::fromParts(uniform(yearLow, yearHigh), uniform(1, 12), uniform(1, 28))
      ->iso();
}

std::string DocumentContentGenerator::printedDate(const std::string& iso, int layout) const {
  const auto date = DocumentDates::parse(iso);
  char buffer[48];
  if (layout % 2 == 0)
    std::snprintf(buffer, sizeof buffer, "%04d年%02d月%02d日", date->year(), date->month(),
                  date->day());
  else
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date->year(), date->month(),
                  date->day());
  return buffer;
}

std::string DocumentContentGenerator::printedMonth(const std::string& isoMonth, int layout) const {
  if (layout % 2 == 0) return isoMonth.substr(0, 4) + "年" + isoMonth.substr(5, 2) + "月";
  return isoMonth;
}

std::string DocumentContentGenerator::currentAsOf(const std::string& field,
                                                  const std::string& iso) const {
  const auto day = DocumentDates::parse(asOf_);
  const auto date = DocumentDates::parse(iso);
  if (!day || !date) return iso;
  // An end of validity runs past the day, whole years after its start.
  if (field == "end_date" || field == "valid_until") {
    int year = date->year();
    while (*DocumentDates::fromParts(year, date->month(), std::min(date->day(), 28)) <= *day)
      ++year;
    return DocumentDates::fromParts(year, date->month(), std::min(date->day(), 28))->iso();
  }
  if (field == "term_end" || field == "birth_date" || field == "established_date") return iso;
  // Anything issued, signed or started lies on or before the day: a year earlier until it does.
  int year = date->year();
  while (year > 1900 &&
         *DocumentDates::fromParts(year, date->month(), std::min(date->day(), 28)) > *day)
    --year;
  return DocumentDates::fromParts(year, date->month(), std::min(date->day(), 28))->iso();
}

void DocumentContentGenerator::plant(const std::string& problem, const SyntheticMerchant& merchant,
                                     SyntheticDocument& doc) {
  const auto day = DocumentDates::parse(asOf_);
  if (!day) return;
  const int layout = doc.layout;
  auto daysBefore = [&](int low, int high) {
    // A day `low`..`high` months before asOf, on a day every month has.
    int months = day->year() * 12 + (day->month() - 1) - uniform(low, high);
    return *DocumentDates::fromParts(months / 12, months % 12 + 1, uniform(1, 28));
  };
  if (problem == "expired_licence" && doc.kind == "business_license") {
    CalendarDate end = daysBefore(2, 30);
    const auto established = DocumentDates::parse(merchant.establishedDate);
    if (established && end <= *established) end = daysBefore(1, 1);
    doc.truth["term_end"] = end.iso();
    doc.printed["term_end"] =
        printedDate(merchant.establishedDate, layout) + "至" + printedDate(end.iso(), layout);
  } else if (problem == "expired_lease" && doc.kind == "store_lease") {
    const CalendarDate end = daysBefore(1, 10);
    const std::string start =
        DocumentDates::fromParts(end.year() - 2, end.month(), std::min(end.day(), 28))->iso();
    doc.truth["start_date"] = start;
    doc.printed["start_date"] = printedDate(start, layout);
    doc.truth["end_date"] = end.iso();
    doc.printed["end_date"] = printedDate(end.iso(), layout);
  } else if (problem == "mismatched_invoice" && doc.truth.count("total")) {
    // The total is not amount plus tax (a figure changed); its words agree with it, so only
    // the arithmetic gives it away.
    const std::int64_t fen = *ChineseAmount::parseFigures(doc.truth["total"]) +
                             static_cast<std::int64_t>(uniform(1, 9)) * 10000;
    const std::string figures = ChineseAmount::toFigures(fen);
    doc.truth["total"] = figures;
    doc.printed["total"] = layout % 2 == 0 ? "￥" + withThousands(figures) : figures + "元";
    if (doc.truth.count("total_in_words")) {
      doc.truth["total_in_words"] = figures;
      doc.printed["total_in_words"] = ChineseAmount::toWords(fen);
    }
  }
}

SyntheticMerchant DocumentContentGenerator::merchant() {
  SyntheticMerchant m;
  const City& city = pick(kCities);
  m.city = city.name;
  m.name = companyName(city.name);
  m.shortName = TextSimilarity::organisationCore(m.name);
  m.uscc = uscc(city.code);
  m.representative = personName();
  m.representativeId = idNumber(isoDate(1962, 1998));
  m.address = address(city.name);
  m.establishedDate = isoDate(2010, 2022);
  return m;
}

std::string DocumentContentGenerator::value(const std::string& kind, const std::string& field,
                                            int type, const SyntheticMerchant& merchant,
                                            SyntheticDocument& doc) {
  using T = FieldSpec::Type;
  const int layout = doc.layout;
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  switch (static_cast<T>(type)) {
    case T::Uscc:
      if (field == "buyer_tax_id") {
        const std::string code = uscc(pick(kCities).code);
        return set(code, code);
      }
      return set(merchant.uscc, merchant.uscc);
    case T::IdNumber:
      return set(merchant.representativeId, merchant.representativeId);
    case T::Date:
      return dateValue(field, merchant, doc);
    case T::TermEnd: {
      const std::string established = printedDate(merchant.establishedDate, layout);
      if (uniform(0, 2) == 0) return set("long_term", established + "至长期");
      const std::string iso = isoDate(2035, 2050);
      return set(iso, established + "至" + printedDate(iso, layout));
    }
    case T::Month: {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "%04d-%02d", uniform(2025, 2026), uniform(1, 10));
      return set(buffer, printedMonth(buffer, layout));
    }
    case T::Amount:
      return amountValue(kind, field, doc);
    case T::AmountWords: {
      if (field == "registered_capital") {
        const std::int64_t fen = static_cast<std::int64_t>(uniform(1, 100)) * 1000000;
        return set(ChineseAmount::toFigures(fen), layout % 2 == 0
                                                      ? ChineseAmount::toWords(fen)
                                                      : std::to_string(fen / 1000000) + "万元");
      }
      const KindSpec* spec = DocumentCatalog::find(kind);
      const std::string figures = doc.truth[spec->findField(field)->checks];
      return set(figures, ChineseAmount::toWords(*ChineseAmount::parseFigures(figures)));
    }
    case T::Number:
      return numberValue(field, doc);
    case T::Vin: {
      // A Chinese-made car's VIN (world maker code LSV) with its check character in place.
      static const std::string alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
      std::string code = "LSV";
      for (int i = 0; i < 14; ++i)
        code.push_back(alphabet[static_cast<std::size_t>(uniform(0, 32))]);
      code = VinChecksum::complete(code);
      return set(code, code);
    }
    case T::Code:
      return codeValue(kind, field, merchant, doc);
    case T::Name:
      return nameValue(kind, field, merchant, doc);
    case T::Text:
      return textValue(field, merchant, doc);
  }
  return "";
}

std::string DocumentContentGenerator::setValue(SyntheticDocument& doc, const std::string& field,
                                               const std::string& truth,
                                               const std::string& printed) {
  doc.truth[field] = truth;
  doc.printed[field] = printed;
  return truth;
}

std::string DocumentContentGenerator::printedAmount(std::int64_t fen, int layout) {
  const std::string figures = ChineseAmount::toFigures(fen);
  return layout % 2 == 0 ? "￥" + withThousands(figures) : figures + "元";
}

std::string DocumentContentGenerator::dateValue(const std::string& field,
                                                const SyntheticMerchant& merchant,
                                                SyntheticDocument& doc) {
  const int layout = doc.layout;
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  std::string iso;
  if (field == "established_date")
    iso = merchant.establishedDate;
  else if (field == "birth_date") {
    iso = IdNumberChecksum::birthDate(merchant.representativeId);
    const auto d = DocumentDates::parse(iso);
    return set(iso, std::to_string(d->year()) + "年" + std::to_string(d->month()) + "月" +
                        std::to_string(d->day()) + "日");
  } else if (field == "valid_until" || field == "term_end")
    iso = isoDate(2027, 2031);
  else if (field == "end_date") {
    const auto start = DocumentDates::parse(doc.truth["start_date"]);
    iso = DocumentDates::fromParts(start->year() + uniform(1, 5), start->month(),
                                   std::min(start->day(), 28))
              ->iso();
  } else if (field == "start_date")
    iso = isoDate(2023, 2026);
  else if (field == "register_date")
    iso = isoDate(2015, 2024);
  else
    iso = isoDate(2025, 2026);  // invoices, orders, signatures
  if (iso > "2026-11-20" && field != "valid_until" && field != "end_date") iso = "2026-03-18";
  if (!asOf_.empty()) iso = currentAsOf(field, iso);
  return set(iso, printedDate(iso, layout));
}

std::string DocumentContentGenerator::amountValue(const std::string& kind, const std::string& field,
                                                  SyntheticDocument& doc) {
  const int layout = doc.layout;
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  auto amount = [&](double low, double high, bool cents) {
    const std::int64_t fen = cents ? static_cast<std::int64_t>(uniformReal(low, high) * 100)
                                   : static_cast<std::int64_t>(uniformReal(low, high)) * 100;
    return set(ChineseAmount::toFigures(fen), printedAmount(fen, layout));
  };
  if (field == "monthly_rent") return amount(2000, 30000, false);
  if (field == "amount_excl_tax") return amount(500, 50000, true);
  if (field == "tax") {
    const auto base = ChineseAmount::parseFigures(doc.truth["amount_excl_tax"]);
    const double rate = pick(std::vector<double>{0.01, 0.03, 0.06, 0.13});
    const std::int64_t fen = static_cast<std::int64_t>(std::llround(*base * rate));
    const std::string figures = ChineseAmount::toFigures(fen);
    return set(figures, layout % 2 == 0 ? "￥" + withThousands(figures) : figures + "元");
  }
  if (field == "total") {
    const std::int64_t fen = *ChineseAmount::parseFigures(doc.truth["amount_excl_tax"]) +
                             *ChineseAmount::parseFigures(doc.truth["tax"]);
    const std::string figures = ChineseAmount::toFigures(fen);
    return set(figures, layout % 2 == 0 ? "￥" + withThousands(figures) : figures + "元");
  }
  if (field == "total_amount" && !doc.rows.empty()) {
    std::int64_t fen = 0;
    for (const auto& row : doc.rows) fen += *ChineseAmount::parseFigures(row.back());
    const std::string figures = ChineseAmount::toFigures(fen);
    return set(figures, layout % 2 == 0 ? "￥" + withThousands(figures) : figures + "元");
  }
  if (field == "amount" && kind == "supply_contract") return amount(20000, 500000, false);
  if (field == "total_in" || field == "total_out" || field == "amount")
    return amount(kind == "pos_settlement" || kind == "bank_statement" ? 20000 : 100,
                  kind == "pos_settlement" || kind == "bank_statement" ? 400000 : 5000, true);
  return amount(100, 50000, true);
}

std::string DocumentContentGenerator::numberValue(const std::string& field,
                                                  SyntheticDocument& doc) {
  const int layout = doc.layout;
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  if (field == "area_m2") {
    const std::string v = formatNumber(uniform(20, 300) + (uniform(0, 1) ? 0.5 : 0.0), 1);
    return set(v, v + (layout % 2 == 0 ? "平方米" : "m²"));
  }
  if (field == "area_mu") {
    const std::string v = formatNumber(uniform(5, 200) + (uniform(0, 1) ? 0.5 : 0.0), 1);
    return set(v, v + "亩");
  }
  if (field == "kwh") {
    const std::string v = std::to_string(uniform(200, 9000));
    return set(v, v + (layout % 2 == 0 ? "度" : "kWh"));
  }
  if (field == "tons") {
    const std::string v = std::to_string(uniform(10, 800));
    return set(v, v + "吨");
  }
  if (field == "m3") {
    const std::string v = std::to_string(uniform(20, 900));
    return set(v, v + "立方米");
  }
  if (field == "headcount" && !doc.rows.empty()) {
    const std::string v = std::to_string(doc.rows.size());
    return set(v, v + "人");
  }
  if (field == "txn_count") {
    const std::string v = std::to_string(uniform(100, 5000));
    return set(v, v + "笔");
  }
  const std::string v = std::to_string(uniform(3, 40));
  if (field == "tax_rate") {
    // The rate the tax was computed at, printed as invoices print it ("13%"). Drawn
    // above all the same, so the photos after this one stay as they were.
    const double base =
        static_cast<double>(*ChineseAmount::parseFigures(doc.truth["amount_excl_tax"]));
    const double tax = static_cast<double>(*ChineseAmount::parseFigures(doc.truth["tax"]));
    const std::string rate = std::to_string(std::lround(100.0 * tax / std::max(1.0, base)));
    return set(rate, rate + "%");
  }
  return set(v, v + "人");
}

std::string DocumentContentGenerator::codeValue(const std::string& kind, const std::string& field,
                                                const SyntheticMerchant& merchant,
                                                SyntheticDocument& doc) {
  const int layout = doc.layout;
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  std::string code;
  if (field == "license_no" && kind == "food_business_license")
    code = "JY" + digits(14);
  else if (field == "license_no" && kind == "drug_trading_license")
    code = cityByName(merchant.city).province + "AA" + digits(7);
  else if (field == "invoice_code")
    code = digits(12);
  else if (field == "invoice_no")
    code = digits(layout % 2 == 0 ? 8 : 20);
  else if (field == "check_code") {
    code = digits(20);
    std::string grouped;
    for (std::size_t i = 0; i < code.size(); i += 5) grouped += (i ? " " : "") + code.substr(i, 5);
    return set(code, grouped);
  } else if (field == "merchant_no")
    code = digits(15);
  else if (field == "account_no" && kind == "bank_statement") {
    code = "6222****" + digits(4);
  } else if (field == "plate_no")
    code = cityByName(merchant.city).province + "A" + digits(5);
  else if (field == "certificate_no" && kind == "property_certificate")
    code = cityByName(merchant.city).province + "(" + std::to_string(uniform(2015, 2024)) + ")" +
           merchant.city + "不动产权第" + digits(7) + "号";
  else if (field == "account_no")
    code = digits(10);
  else
    code = digits(12);
  return set(code, code);
}

std::string DocumentContentGenerator::nameValue(const std::string& kind, const std::string& field,
                                                const SyntheticMerchant& merchant,
                                                SyntheticDocument& doc) {
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  std::string v;
  if (field == "gender")
    v = uniform(0, 1) ? "男" : "女";
  else if (field == "ethnicity")
    v = pick(std::vector<std::string>{"汉", "汉", "汉", "回", "满", "壮"});
  else if (field == "legal_representative" || field == "operator" || field == "holder" ||
           (kind == "id_card_front" && field == "name") || field == "payer" ||
           (field == "owner" && kind != "property_certificate"))
    v = merchant.representative;
  else if (field == "owner")
    v = merchant.representative;
  else if (field == "lessor")
    v = uniform(0, 1) ? personName() : companyName(pick(kCities).name);
  else if (field == "supplier" || field == "party_a" || field == "buyer_name")
    v = companyName(pick(kCities).name);
  else if (field == "issuer")
    v = merchant.city + "市场监督管理局";
  else if (field == "vehicle_type")
    v = "小型普通客车";
  else if (field == "use")
    v = "商业服务";
  else if (field == "ownership_type")
    v = "单独所有";
  else if (field == "account_name" && uniform(0, 3) == 0)
    v = merchant.representative;
  else
    v = merchant.name;
  return set(v, v);
}

std::string DocumentContentGenerator::textValue(const std::string& field,
                                                const SyntheticMerchant& merchant,
                                                SyntheticDocument& doc) {
  auto set = [&](const std::string& truth, const std::string& printed) {
    return setValue(doc, field, truth, printed);
  };
  std::string v;
  if (field == "entity_type")
    v = pick(std::vector<std::string>{"有限责任公司(自然人独资)", "个体工商户", "有限责任公司"});
  else if (field == "business_scope" || field == "scope")
    v = pick(kScopes);
  else if (field == "business_items" || field == "permitted_items")
    v = pick(kItems);
  else if (field == "subject")
    v = pick(kGoods) + "等食品原料";
  else
    v = merchant.address;
  return set(v, v);
}

SyntheticDocument DocumentContentGenerator::document(const std::string& kind,
                                                     const SyntheticMerchant& merchant,
                                                     int layout) {
  const KindSpec* spec = DocumentCatalog::find(kind);
  SyntheticDocument doc;
  doc.kind = kind;
  doc.layout = layout;
  doc.title = spec->titles[static_cast<std::size_t>(layout) % spec->titles.size()];
  if (kind == "payroll" || kind == "purchase_order") {
    const int count = uniform(3, 7);
    for (int i = 0; i < count; ++i) {
      const std::int64_t fen = static_cast<std::int64_t>(uniform(3000, 9000)) * 100;
      if (kind == "payroll")
        doc.rows.push_back({personName(), ChineseAmount::toFigures(fen)});
      else
        doc.rows.push_back(
            {pick(kGoods), std::to_string(uniform(2, 50)), ChineseAmount::toFigures(fen)});
    }
  }
  for (const FieldSpec& field : spec->fields) {
    // Digital invoices carry no invoice code.
    if (field.name == "invoice_code" && layout % 2 == 1) continue;
    doc.fieldOrder.push_back(field.name);
    doc.labels[field.name] =
        field.labels.empty() ? ""
                             : field.labels[static_cast<std::size_t>(layout) % field.labels.size()];
    value(kind, field.name, static_cast<int>(field.type), merchant, doc);
    if (field.key) doc.keyFields.push_back(field.name);
  }
  if (kind != "id_card_front" && kind != "bank_statement" && kind != "payroll")
    doc.sealText =
        kind.find("license") != std::string::npos || kind.find("permit") != std::string::npos
            ? merchant.city + "市场监督管理局"
            : (doc.truth.count("seller_name") ? doc.truth["seller_name"] : merchant.name);
  return doc;
}

}  // namespace aviary
