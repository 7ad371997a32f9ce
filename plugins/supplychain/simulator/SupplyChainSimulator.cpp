#include "SupplyChainSimulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <stdexcept>
#include <vector>

#include "CalendarDate.h"
#include "SimulatedTradeWriter.h"

namespace aviary::supplychain {
namespace {

constexpr int kMonths = 24;  // January 2024 .. December 2025; as-of 2026-01-01
constexpr int kFirstYear = 2024;

using Role = SimulatedTrade::Role;
using Party = SimulatedTrade::Party;
using Txn = SimulatedTrade::Txn;
using Memo = SimulatedTrade::Memo;
constexpr auto kBlank = SimulatedTrade::kBlank, kGoods = SimulatedTrade::kGoods,
               kStock = SimulatedTrade::kStock, kPurchase = SimulatedTrade::kPurchase,
               kOrder = SimulatedTrade::kOrder, kOrderComma = SimulatedTrade::kOrderComma,
               kRent = SimulatedTrade::kRent, kRent2 = SimulatedTrade::kRent2,
               kWage = SimulatedTrade::kWage, kPower = SimulatedTrade::kPower,
               kWater = SimulatedTrade::kWater, kGas = SimulatedTrade::kGas,
               kTax = SimulatedTrade::kTax, kVat = SimulatedTrade::kVat,
               kPos = SimulatedTrade::kPos, kSettle = SimulatedTrade::kSettle,
               kTransfer = SimulatedTrade::kTransfer, kRepay = SimulatedTrade::kRepay,
               kRedPacket = SimulatedTrade::kRedPacket, kLoan = SimulatedTrade::kLoan,
               kCurrent = SimulatedTrade::kCurrent, kShopping = SimulatedTrade::kShopping,
               kFreight = SimulatedTrade::kFreight, kRefund = SimulatedTrade::kRefund,
               kTransferGoods = SimulatedTrade::kTransferGoods;

const char* const kBrandIndustry[] = {"C1523", "C1419", "C1441", "C2682"};
const char* const kWholesaleIndustry[] = {"F5127", "F5122", "F5126", "F5135"};
const char* const kRetailIndustry[] = {"F5221", "F5223", "F5226", "F5211"};
const char* const kBrandSuffix[] = {"饮料有限公司", "食品股份有限公司", "乳业有限公司",
                                    "日化有限公司"};

class Generator {
 public:
  explicit Generator(const SupplyChainSimulator::Options& o)
      : o_(o), rng_(o.seed * 0x9E3779B97F4A7C15ull + 17) {
    baseDay_ = CalendarDate::daysFromCivil(kFirstYear, 1, 1);
  }

  void run();
  void write(const std::filesystem::path& dir, const ExportStyle& style,
             SupplyChainSimulator::Summary& summary);

 private:
  double uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
  int uniInt(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng_); }
  bool chance(double p) { return uni(0, 1) < p; }
  int poisson(double mean) { return std::poisson_distribution<int>(std::max(mean, 1e-9))(rng_); }
  double logNormal(double sigma) {
    return std::exp(std::normal_distribution<double>(0, sigma)(rng_));
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniInt(0, static_cast<int>(v.size()) - 1))];
  }

  int monthYear(int m) const { return kFirstYear + m / 12; }
  unsigned monthOfYear(int m) const { return static_cast<unsigned>(m % 12 + 1); }
  std::int64_t monthStartSeconds(int m) const {
    return CalendarDate::daysFromCivil(monthYear(m), monthOfYear(m), 1) * 86400;
  }
  std::int64_t timeInMonth(int m, int dayLo = 1, int dayHi = 31) {
    const int dim = static_cast<int>(CalendarDate::daysInMonth(monthYear(m), monthOfYear(m)));
    const int day = uniInt(std::min(dayLo, dim), std::min(dayHi, dim));
    return monthStartSeconds(m) + (day - 1) * 86400 + uniInt(8, 19) * 3600 + uniInt(0, 3599);
  }
  double season(int m) const {
    const int cm = m % 12;
    double f = 1.0 + 0.25 * std::sin(2 * M_PI * (cm - 2) / 12.0);
    if (cm == 0) f += 0.35;  // stocking up before the Spring Festival
    if (cm == 8) f += 0.2;   // Mid-Autumn
    return f;
  }

  int addPerson(Role role = Role::Other);
  int addFirm(Role role, const std::string& kind, const std::string& industry,
              const std::string& suffix, int establishedYearLo, int establishedYearHi);
  void addTxn(std::int64_t t, int payer, int payee, double amount, std::uint8_t channel,
              std::uint8_t memo) {
    const auto cents = std::max<std::int64_t>(1, std::llround(amount * 100.0));
    txns_.push_back({t, static_cast<std::uint32_t>(payer), static_cast<std::uint32_t>(payee), cents,
                     channel, memo, static_cast<std::uint32_t>(uniInt(10000, 99999))});
  }
  std::uint8_t supplyMemo() {
    const double u = uni(0, 1);
    if (u < 0.38) return kGoods;
    if (u < 0.56) return kStock;
    if (u < 0.61) return kPurchase;
    if (u < 0.66) return kOrder;
    if (u < 0.67) return kOrderComma;
    return kBlank;
  }
  // Monthly orders from buyer to supplier over [from, to).
  void supply(int buyer, int supplier, int from, int to, double ordersPerMonth, double monthly) {
    bool any = false;
    for (int m = std::max(0, from); m < std::min(to, kMonths); ++m) {
      const int n = std::max(poisson(ordersPerMonth), m == from ? 1 : 0);
      for (int i = 0; i < n; ++i) {
        const double amount = monthly * season(m) / ordersPerMonth * logNormal(0.3);
        const std::int64_t t = timeInMonth(m);
        addTxn(t, buyer, supplier, std::round(amount * 100) / 100.0, 0, supplyMemo());
        any = true;
        if (chance(0.02))  // goods sent back: the supplier refunds part of the order
          addTxn(t + uniInt(3, 20) * 86400, supplier, buyer,
                 std::round(amount * uni(0.05, 0.3) * 100) / 100.0, 0,
                 chance(0.7) ? kRefund : kBlank);
      }
    }
    if (any) supplies_.insert({supplier, buyer});
  }
  std::string personName();
  std::string firmStem();
  void addFamilyFirms();

  int brandCount() const { return std::max(1, o_.brands); }
  // A count that grows with the brands and the scale, never below `lowest`.
  int scaled(double perBrand, int lowest) const {
    return std::max(
        lowest, static_cast<int>(std::lround(perBrand * brandCount() * std::max(0.01, o_.scale))));
  }
  void ensureBrandsOf() { brandsOf_.resize(parties_.size()); }
  void payOverheads(int firm, int from, int to, int staff, double sales);

  void addEverydayCounterparties();
  void addBrandsAndRawSuppliers();
  void addDistributors();
  void addWholesalers();
  void addStores();
  void addConsumers();
  void addCardSettlements();
  void addOverheadsOfOperatingFirms();
  void addFreight();
  void addStoreToStoreStock();
  void addEmployeesShopping();
  void addOwnerTransfers();
  void addPersonalTransfers();
  void addLendingGroups();
  void addFailedFirms();
  void addCircularTradeRings();
  void addPassThroughShells();
  void addRegistryGaps();

  SupplyChainSimulator::Options o_;
  std::mt19937_64 rng_;
  std::int64_t baseDay_;
  std::vector<Party> parties_;
  std::vector<Txn> txns_;
  std::set<std::pair<int, int>> supplies_;
  std::vector<std::vector<int>> rings_;
  std::vector<int> shells_;
  std::vector<SimulatedTrade::Holding> holdings_;
  std::vector<SimulatedTrade::Certificate> certificates_;

  // The cast, shared by the stages of run().
  int power_ = 0, water_ = 0, gas_ = 0, taxBureau_ = 0;
  std::vector<int> acquirers_, propertyFirms_, landlords_;
  std::vector<int> brands_, raws_, distributors_, wholesalers_, retailers_, dealers_;
  std::vector<int> operating_, employees_;
  std::vector<std::vector<int>> brandsOf_;  // per party: the brands it sources from
  std::vector<bool> usesCard_;
  std::vector<int> activeFrom_, activeTo_;  // per party: the months a store trades
};

std::string Generator::personName() {
  static const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑"};
  static const char* given[] = {"伟", "芳", "娜", "敏", "静", "强", "磊",   "军", "洋",   "勇",
                                "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "丽"};
  std::string n = surnames[uniInt(0, 19)];
  n += given[uniInt(0, 19)];
  if (chance(0.5)) n += given[uniInt(0, 19)];
  return n;
}

std::string Generator::firmStem() {
  static const char* cities[] = {"福州", "厦门", "泉州", "漳州", "莆田", "南平",
                                 "三明", "龙岩", "宁德", "晋江", "石狮", "长乐"};
  static const char* words[] = {"鑫源", "恒达", "盛世", "华联", "金穗", "永丰", "佳美", "顺发",
                                "宏图", "万家", "福润", "嘉禾", "联创", "隆兴", "富民", "新锐"};
  return std::string(cities[uniInt(0, 11)]) + words[uniInt(0, 15)] + words[uniInt(0, 15)];
}

int Generator::addPerson(Role role) {
  Party p;
  p.person = true;
  p.kind = "person";
  p.role = role;
  p.name = personName();
  p.establishedDay = CalendarDate::daysFromCivil(uniInt(1955, 2002), 1, 1);
  parties_.push_back(std::move(p));
  return static_cast<int>(parties_.size()) - 1;
}

int Generator::addFirm(Role role, const std::string& kind, const std::string& industry,
                       const std::string& suffix, int yearLo, int yearHi) {
  Party p;
  p.kind = kind;
  p.role = role;
  p.industry = industry;
  p.name = (kind == "individual_business" ? firmStem().substr(0, 6) + personName() : firmStem()) +
           suffix;
  p.establishedDay =
      CalendarDate::daysFromCivil(uniInt(yearLo, yearHi), static_cast<unsigned>(uniInt(1, 12)),
                                  static_cast<unsigned>(uniInt(1, 28)));
  p.capital =
      kind == "enterprise" ? std::round(uni(0.5, 50)) * 100000 : std::round(uni(1, 20)) * 10000;
  parties_.push_back(std::move(p));
  const int index = static_cast<int>(parties_.size()) - 1;
  // Owners: a legal person who holds most of it, sometimes a partner.
  const int owner = addPerson();
  parties_[index].legalPerson = owner;
  if (kind == "enterprise" && chance(0.5)) {
    const double share = std::round(uni(0.55, 0.9) * 100) / 100;
    holdings_.push_back({owner, index, share});
    holdings_.push_back({addPerson(), index, std::round((1 - share) * 100) / 100});
  } else {
    holdings_.push_back({owner, index, 1.0});
  }
  return index;
}

void Generator::run() {
  // The order matters: each stage draws from the one random stream.
  addEverydayCounterparties();
  addBrandsAndRawSuppliers();
  addDistributors();
  addWholesalers();
  addStores();
  addConsumers();
  addCardSettlements();
  addOverheadsOfOperatingFirms();
  addFreight();
  addStoreToStoreStock();
  addEmployeesShopping();
  addOwnerTransfers();
  addPersonalTransfers();
  addLendingGroups();
  addFailedFirms();
  addCircularTradeRings();
  addPassThroughShells();
  addRegistryGaps();
  if (o_.familyFirms) addFamilyFirms();
  std::sort(txns_.begin(), txns_.end(), [](const Txn& a, const Txn& b) { return a.time < b.time; });
}

void Generator::addEverydayCounterparties() {
  // Utilities, tax, card acquirers, property companies: the everyday counterparties.
  power_ = addFirm(Role::Other, "enterprise", "D4420", "供电有限公司", 1995, 2005);
  water_ = addFirm(Role::Other, "enterprise", "D4610", "自来水有限公司", 1995, 2005);
  gas_ = addFirm(Role::Other, "enterprise", "D4500", "燃气有限公司", 1995, 2005);
  taxBureau_ = addFirm(Role::Other, "enterprise", "S9221", "税务局", 1990, 1995);
  acquirers_ = {addFirm(Role::Other, "enterprise", "J6930", "银联商务有限公司", 2002, 2010),
                addFirm(Role::Other, "enterprise", "J6930", "支付科技有限公司", 2010, 2015)};
  for (int i = 0; i < std::max(2, scaled(1, 2)); ++i)
    propertyFirms_.push_back(
        addFirm(Role::Other, "enterprise", "K7040", "物业管理有限公司", 2000, 2015));
  for (int i = 0; i < scaled(20, 5); ++i) landlords_.push_back(addPerson());
}

void Generator::addBrandsAndRawSuppliers() {
  for (int b = 0; b < brandCount(); ++b) {
    const int cat = b % 4;
    const int id =
        addFirm(Role::Brand, "enterprise", kBrandIndustry[cat], kBrandSuffix[cat], 1995, 2012);
    parties_[id].category = cat;
    parties_[id].capital = std::round(uni(50, 500)) * 1000000;
    brands_.push_back(id);
  }
  for (int i = 0; i < std::max(3, brandCount() * 3); ++i) {
    static const char* rawIndustry[] = {"C2231", "C2929", "A0141", "C1331"};
    static const char* rawSuffix[] = {"包装材料有限公司", "塑料制品有限公司", "农产品专业合作社",
                                      "原料有限公司"};
    const int k = i % 4;
    raws_.push_back(addFirm(Role::Other, "enterprise", rawIndustry[k], rawSuffix[k], 1998, 2015));
  }
  ensureBrandsOf();
  for (int b : brands_) {
    brandsOf_[b] = {b};
    const int nRaw = uniInt(2, 3);
    for (int i = 0; i < nRaw; ++i) supply(b, pick(raws_), 0, kMonths, 1.5, uni(200000, 800000));
  }
}

void Generator::addDistributors() {
  // Distributors: one brand each, a fifth carry a second brand; some arrive or leave.
  const int nd = scaled(8, brandCount() * 2);
  std::vector<std::vector<int>> distributorsOfBrand(brands_.size());
  for (int i = 0; i < nd; ++i) {
    const int bi = i % brandCount();
    const int d = addFirm(Role::Distributor, "enterprise", kWholesaleIndustry[bi % 4],
                          "商贸有限公司", 2005, 2019);
    distributors_.push_back(d);
    ensureBrandsOf();
    std::vector<int> carried = {bi};
    if (brandCount() > 1 && chance(0.2))
      carried.push_back((bi + uniInt(1, brandCount() - 1)) % brandCount());
    const int from = chance(0.1) ? uniInt(3, 15) : 0;
    const int to = chance(0.05) ? uniInt(from + 4, kMonths - 2) : kMonths;
    for (int c : carried) {
      supply(d, brands_[static_cast<std::size_t>(c)], from, to, 2.0, uni(150000, 600000));
      distributorsOfBrand[static_cast<std::size_t>(c)].push_back(d);
      brandsOf_[d].push_back(brands_[static_cast<std::size_t>(c)]);
      if (chance(0.35))
        certificates_.push_back({brands_[static_cast<std::size_t>(c)], d, 1,
                                 CalendarDate::daysFromCivil(uniInt(2015, 2023), 3, 1)});
    }
    // A brand sometimes holds part of a distributor: a controls relation.
    if (chance(0.05)) holdings_.push_back({brands_[static_cast<std::size_t>(bi)], d, 0.3});
  }
}

void Generator::addWholesalers() {
  // Wholesalers buy from one or two distributors; some switch supplier mid-way.
  std::vector<std::vector<int>> suppliersOf;
  const int nw = scaled(30, static_cast<int>(distributors_.size()));
  for (int i = 0; i < nw; ++i) {
    const int w = addFirm(Role::Wholesaler, chance(0.7) ? "enterprise" : "individual_business",
                          kWholesaleIndustry[uniInt(0, 3)], chance(0.5) ? "商贸有限公司" : "批发部",
                          2008, 2021);
    wholesalers_.push_back(w);
    ensureBrandsOf();
    const int nSup = chance(0.3) ? 2 : 1;
    std::set<int> sups;
    while (static_cast<int>(sups.size()) < nSup) sups.insert(pick(distributors_));
    const int from = chance(0.1) ? uniInt(2, 16) : 0;
    const bool exits = chance(0.04);
    const int to = exits ? uniInt(from + 4, kMonths - 1) : kMonths;
    for (int d : sups) {
      const double monthly = uni(30000, 150000);
      if (chance(0.12)) {  // switches to another distributor
        const int cut = uniInt(from + 3, kMonths - 3);
        supply(w, d, from, cut, 3, monthly);
        int other = pick(distributors_);
        if (other != d) supply(w, other, cut + uniInt(0, 2), to, 3, monthly);
        brandsOf_[w].insert(brandsOf_[w].end(), brandsOf_[other].begin(), brandsOf_[other].end());
      } else {
        supply(w, d, from, to, 3, monthly);
      }
      brandsOf_[w].insert(brandsOf_[w].end(), brandsOf_[d].begin(), brandsOf_[d].end());
    }
    for (int b : brandsOf_[w])
      if (chance(0.06))
        certificates_.push_back({b, w, 2, CalendarDate::daysFromCivil(uniInt(2018, 2024), 6, 1)});
  }
}

void Generator::addStores() {
  // Stores buy weekly-ish from wholesalers, some straight from a distributor.
  const int nr = scaled(200, static_cast<int>(wholesalers_.size()));
  for (int i = 0; i < nr; ++i) {
    const bool young = chance(0.08);
    static const char* suffixes[] = {"便利店", "超市", "商行", "副食店", "百货店"};
    const int r = addFirm(Role::Retailer, chance(0.6) ? "individual_business" : "enterprise",
                          kRetailIndustry[uniInt(0, 3)], suffixes[uniInt(0, 4)], 2010, 2022);
    retailers_.push_back(r);
    ensureBrandsOf();
    int from = 0, to = kMonths;
    if (young) {
      from = uniInt(12, 20);
      parties_[static_cast<std::size_t>(r)].establishedDay =
          monthStartSeconds(from) / 86400 - uniInt(10, 60);
    } else if (chance(0.1)) {
      from = uniInt(1, 12);
    }
    if (chance(0.05)) to = uniInt(from + 3, kMonths - 1);
    std::vector<int> sups;
    if (chance(0.2)) sups.push_back(pick(distributors_));
    const int nW = sups.empty() ? (chance(0.35) ? 2 : 1) : (chance(0.3) ? 1 : 0);
    for (int k = 0; k < nW; ++k) sups.push_back(pick(wholesalers_));
    std::sort(sups.begin(), sups.end());
    sups.erase(std::unique(sups.begin(), sups.end()), sups.end());
    for (int sp : sups) {
      const double monthly = uni(4000, 30000);
      if (chance(0.1)) {
        const int cut = uniInt(from + 2, std::max(from + 2, to - 2));
        supply(r, sp, from, cut, 2, monthly);
        const int other = pick(wholesalers_);
        if (other != sp) {
          supply(r, other, cut + uniInt(0, 2), to, 2, monthly);
          brandsOf_[r].insert(brandsOf_[r].end(), brandsOf_[other].begin(), brandsOf_[other].end());
        }
      } else {
        supply(r, sp, from, to, 2, monthly);
      }
      brandsOf_[r].insert(brandsOf_[r].end(), brandsOf_[sp].begin(), brandsOf_[sp].end());
    }
    usesCard_.resize(parties_.size());
    usesCard_[static_cast<std::size_t>(r)] = chance(0.5);
    activeFrom_.resize(parties_.size());
    activeTo_.resize(parties_.size(), kMonths);
    activeFrom_[static_cast<std::size_t>(r)] = from;
    activeTo_[static_cast<std::size_t>(r)] = to;
  }
  usesCard_.resize(parties_.size());
  activeFrom_.resize(parties_.size());
  activeTo_.resize(parties_.size(), kMonths);
}

void Generator::addConsumers() {
  // Consumers pay stores (and now and then a wholesaler) by phone.
  const int nc = scaled(300, 50);
  for (int i = 0; i < nc; ++i) {
    const int c = addPerson(Role::Consumer);
    std::vector<int> shops;
    const int nShops = uniInt(1, 4);
    for (int k = 0; k < nShops; ++k)
      shops.push_back(chance(0.05) ? pick(wholesalers_) : pick(retailers_));
    const double rate = uni(0.8, 2.0);
    for (int m = 0; m < kMonths; ++m) {
      const int n = poisson(rate);
      for (int k = 0; k < n; ++k) {
        const int shop = pick(shops);
        if (m < activeFrom_[static_cast<std::size_t>(shop)] ||
            m >= activeTo_[static_cast<std::size_t>(shop)])
          continue;
        const double u = uni(0, 1);
        addTxn(timeInMonth(m), c, shop, std::round(uni(15, 600) * 100) / 100,
               static_cast<std::uint8_t>(chance(0.5) ? 1 : 2),
               u < 0.05 ? kGoods : (u < 0.15 ? kShopping : kBlank));
      }
    }
  }
}

void Generator::addCardSettlements() {
  // Card settlements from the acquirer to stores that take cards, weekly.
  for (int r : retailers_) {
    if (!usesCard_[static_cast<std::size_t>(r)]) continue;
    const int acq = pick(acquirers_);
    const double weekly = uni(2000, 20000);
    for (int m = activeFrom_[static_cast<std::size_t>(r)];
         m < activeTo_[static_cast<std::size_t>(r)]; ++m)
      for (int w = 0; w < 4; ++w)
        addTxn(timeInMonth(m, w * 7 + 1, w * 7 + 7), acq, r,
               std::round(weekly * logNormal(0.3) * 100) / 100, 0,
               chance(0.5) ? kPos : (chance(0.5) ? kSettle : kBlank));
  }
}

void Generator::payOverheads(int f, int from, int to, int staff, double sales) {
  const bool hasRent = parties_[static_cast<std::size_t>(f)].role != Role::Brand;
  const int landlord = chance(0.7) ? pick(landlords_) : pick(propertyFirms_);
  const double rent = std::round(uni(1500, 30000) / 100) * 100;
  std::vector<std::pair<int, double>> staffPay;
  for (int k = 0; k < staff; ++k)
    staffPay.push_back({addPerson(), std::round(uni(3500, 12000) / 10) * 10});
  for (auto& [person, pay] : staffPay) employees_.push_back(person);
  const bool usesWater = chance(0.6);
  for (int m = std::max(0, from); m < std::min(to, kMonths); ++m) {
    if (hasRent)
      addTxn(timeInMonth(m, 1, 5), f, landlord, rent, 0,
             chance(0.6) ? kRent : (chance(0.3) ? kRent2 : kBlank));
    for (auto& [person, pay] : staffPay) {
      if (m % 12 == 0 && chance(0.3)) pay = std::round(pay * 1.05 / 10) * 10;
      addTxn(timeInMonth(m, 8, 12), f, person, pay, 0, chance(0.7) ? kWage : kBlank);
    }
    addTxn(timeInMonth(m, 15, 25), f, power_,
           std::round(uni(0.002, 0.01) * sales * 100) / 100 + 150, 0,
           chance(0.9) ? kPower : kBlank);
    if (usesWater)
      addTxn(timeInMonth(m, 15, 25), f, water_, std::round(uni(50, 600) * 100) / 100, 0,
             chance(0.9) ? kWater : kBlank);
    if (chance(0.05))
      addTxn(timeInMonth(m, 15, 25), f, gas_, std::round(uni(80, 900) * 100) / 100, 0, kGas);
    if (m % 3 == 0 && m > 0)
      addTxn(timeInMonth(m, 10, 15), f, taxBureau_,
             std::round(uni(0.01, 0.03) * sales * 3 * 100) / 100, 0,
             chance(0.5) ? kTax : (chance(0.6) ? kVat : kBlank));
  }
}

void Generator::addOverheadsOfOperatingFirms() {
  // Rent, wages, utilities and tax for every operating firm.
  operating_.insert(operating_.end(), brands_.begin(), brands_.end());
  operating_.insert(operating_.end(), raws_.begin(), raws_.end());
  operating_.insert(operating_.end(), distributors_.begin(), distributors_.end());
  operating_.insert(operating_.end(), wholesalers_.begin(), wholesalers_.end());
  operating_.insert(operating_.end(), retailers_.begin(), retailers_.end());
  for (int f : operating_) {
    const Role role = parties_[static_cast<std::size_t>(f)].role;
    const int staff = role == Role::Brand         ? 6
                      : role == Role::Distributor ? 3
                      : role == Role::Wholesaler  ? 2
                      : role == Role::Retailer    ? uniInt(0, 1)
                                                  : 3;
    const double sales = role == Role::Brand         ? 5e6
                         : role == Role::Distributor ? 8e5
                         : role == Role::Wholesaler  ? 1.5e5
                         : role == Role::Retailer    ? 2.5e4
                                                     : 6e5;
    payOverheads(
        f,
        activeFrom_.size() > static_cast<std::size_t>(f) ? activeFrom_[static_cast<std::size_t>(f)]
                                                         : 0,
        activeTo_.size() > static_cast<std::size_t>(f) ? activeTo_[static_cast<std::size_t>(f)]
                                                       : kMonths,
        staff, sales);
  }
}

void Generator::addFreight() {
  // Freight: dealers and some stores pay a logistics firm most months.
  std::vector<int> logistics;
  for (int i = 0, n = scaled(0.6, 2); i < n; ++i)
    logistics.push_back(addFirm(Role::Other, "enterprise", chance(0.7) ? "G5430" : "G5920",
                                "物流有限公司", 2005, 2018));
  for (int f : operating_) {
    const Role role = parties_[static_cast<std::size_t>(f)].role;
    if (role == Role::Other || (role == Role::Retailer && !chance(0.3))) continue;
    const int carrier = pick(logistics);
    const double base = role == Role::Retailer ? 300 : role == Role::Wholesaler ? 2000 : 8000;
    for (int m = 0; m < kMonths; ++m)
      if (chance(0.8))
        addTxn(timeInMonth(m), f, carrier, std::round(base * logNormal(0.4) * 100) / 100, 0,
               chance(0.6) ? kFreight : kBlank);
  }
}

void Generator::addStoreToStoreStock() {
  // Stores now and then pass stock to a neighbouring store: a real, small supply relation.
  for (int r : retailers_)
    if (chance(0.04)) {
      const int other = pick(retailers_);
      if (other == r) continue;
      const int m0 = uniInt(0, kMonths - 4);
      bool any = false;
      for (int k = 0, times = uniInt(1, 4); k < times; ++k) {
        const int mm = m0 + uniInt(0, 3);
        if (mm < activeFrom_[static_cast<std::size_t>(r)] ||
            mm >= activeTo_[static_cast<std::size_t>(r)] ||
            mm < activeFrom_[static_cast<std::size_t>(other)] ||
            mm >= activeTo_[static_cast<std::size_t>(other)])
          continue;
        addTxn(timeInMonth(mm), other, r, std::round(uni(300, 3000) * 100) / 100, 1,
               chance(0.5) ? kTransferGoods : kBlank);
        any = true;
      }
      if (any) supplies_.insert({r, other});
    }
}

void Generator::addEmployeesShopping() {
  // Some employees shop at the stores too: they are consumers.
  for (int e : employees_) {
    if (!chance(0.2)) continue;
    parties_[static_cast<std::size_t>(e)].role = Role::Consumer;
    const int shop = pick(retailers_);
    for (int m = activeFrom_[static_cast<std::size_t>(shop)];
         m < activeTo_[static_cast<std::size_t>(shop)]; ++m)
      if (chance(0.5))
        addTxn(timeInMonth(m), e, shop, std::round(uni(15, 400) * 100) / 100, 1, kBlank);
  }
}

void Generator::addOwnerTransfers() {
  // Owners move money between themselves and their individual businesses.
  for (int f : operating_) {
    const Party& p = parties_[static_cast<std::size_t>(f)];
    if (p.kind != "individual_business") continue;
    for (int m = 0; m < kMonths; ++m)
      if (chance(0.3)) {
        const double amount = std::round(uni(1, 20)) * 1000;
        if (chance(0.5))
          addTxn(timeInMonth(m), p.legalPerson, f, amount, 0, chance(0.5) ? kTransfer : kBlank);
        else
          addTxn(timeInMonth(m), f, p.legalPerson, amount, 0, chance(0.5) ? kTransfer : kRepay);
      }
  }
}

void Generator::addPersonalTransfers() {
  // Personal transfers among people.
  std::vector<int> people;
  for (std::size_t i = 0; i < parties_.size(); ++i)
    if (parties_[i].person) people.push_back(static_cast<int>(i));
  for (int m = 0; m < kMonths; ++m)
    for (int k = 0, n = static_cast<int>(people.size() * 0.02); k < n; ++k) {
      const int a = pick(people), b = pick(people);
      if (a == b) continue;
      const double u = uni(0, 1);
      addTxn(timeInMonth(m), a, b, std::round(uni(1, 50)) * 100,
             static_cast<std::uint8_t>(uniInt(0, 2)),
             u < 0.3    ? kTransfer
             : u < 0.45 ? kRedPacket
             : u < 0.55 ? kRepay
             : u < 0.58 ? kGoods
                        : kBlank);
    }
}

void Generator::addLendingGroups() {
  // Groups: one person controls two dealers that lend to each other in round sums.
  dealers_ = distributors_;
  dealers_.insert(dealers_.end(), wholesalers_.begin(), wholesalers_.end());
  for (int g = 0, n = scaled(3, 2); g < n; ++g) {
    const int a = pick(dealers_), b = pick(dealers_);
    if (a == b) continue;
    const int person = parties_[static_cast<std::size_t>(a)].legalPerson;
    if (chance(0.5))
      parties_[static_cast<std::size_t>(b)].legalPerson = person;
    else
      holdings_.push_back({person, b, 0.6});
    for (int k = 0, loans = uniInt(2, 6); k < loans; ++k) {
      const int m = uniInt(0, kMonths - 3);
      const double amount = std::round(uni(5, 50)) * 10000;
      const std::uint8_t memo = chance(0.4) ? kLoan : chance(0.5) ? kCurrent : kBlank;
      addTxn(timeInMonth(m), a, b, amount, 0, memo);
      addTxn(timeInMonth(m + uniInt(1, 2)), b, a, amount, 0,
             chance(0.5) ? std::uint8_t{kRepay} : memo);
    }
  }
}

void Generator::addFailedFirms() {
  // Failed firms that share a controller with live dealers.
  for (int i = 0, n = scaled(2, 2); i < n; ++i) {
    const int f = addFirm(Role::Other, "enterprise", "F5199", "贸易有限公司", 2010, 2018);
    Party& p = parties_[static_cast<std::size_t>(f)];
    p.status = chance(0.5) ? "revoked" : "deregistered";
    const int live = pick(dealers_);
    p.legalPerson = parties_[static_cast<std::size_t>(live)].legalPerson;
    holdings_.push_back({p.legalPerson, f, 0.7});
  }
}

void Generator::addCircularTradeRings() {
  // Circular-trade rings: near-equal sums go round 3-6 firms within days, several times.
  for (int ri = 0, n = scaled(1.2, 2); ri < n; ++ri) {
    const int k = uniInt(3, 6);
    std::vector<int> members;
    while (static_cast<int>(members.size()) < k) {
      int f;
      if (chance(0.4))
        f = pick(dealers_);
      else
        f = addFirm(Role::Other, "enterprise", chance(0.5) ? "F5199" : "F5139", "贸易有限公司",
                    2012, 2022);
      if (std::find(members.begin(), members.end(), f) == members.end()) members.push_back(f);
    }
    for (int f : members)
      if (parties_[static_cast<std::size_t>(f)].role == Role::Other && chance(0.5))
        payOverheads(f, 0, kMonths, 1, 2e5);
    for (int round = 0, rounds = uniInt(2, 5); round < rounds; ++round) {
      const double base = std::round(uni(100000, 2000000) / 100) * 100;
      std::int64_t t = timeInMonth(uniInt(6, kMonths - 1));
      for (int h = 0; h < k; ++h) {
        addTxn(t, members[static_cast<std::size_t>(h)],
               members[static_cast<std::size_t>((h + 1) % k)],
               std::round(base * uni(0.993, 1.007) * 100) / 100, 0, chance(0.8) ? kGoods : kBlank);
        t += uniInt(2, 72) * 3600 + uniInt(0, 3599);
      }
    }
    rings_.push_back(members);
  }
}

void Generator::addPassThroughShells() {
  // Pass-through shells: young, money in and straight out, no overheads.
  std::vector<int> payees = raws_;
  payees.insert(payees.end(), brands_.begin(), brands_.end());
  payees.insert(payees.end(), distributors_.begin(), distributors_.end());
  for (int i = 0, n = scaled(1.6, 3); i < n; ++i) {
    const int sh = addFirm(Role::Other, "enterprise", chance(0.5) ? "F5199" : "L7212",
                           chance(0.5) ? "供应链管理有限公司" : "贸易有限公司", 2025, 2025);
    const int startMonth = uniInt(kMonths - 10, kMonths - 4);
    parties_[static_cast<std::size_t>(sh)].establishedDay =
        monthStartSeconds(startMonth) / 86400 - uniInt(5, 60);
    std::vector<int> ins, outs;
    for (int k = 0, a = uniInt(1, 3); k < a; ++k) ins.push_back(pick(dealers_));
    for (int k = 0, a = uniInt(1, 3); k < a; ++k) outs.push_back(pick(payees));
    for (int m = startMonth; m < kMonths; ++m)
      for (int k = 0, passes = uniInt(2, 6); k < passes; ++k) {
        const double amount = std::round(uni(50000, 800000) * 100) / 100;
        const std::int64_t t = timeInMonth(m);
        addTxn(t, pick(ins), sh, amount, 0, chance(0.7) ? kGoods : kBlank);
        const double forwarded = std::round(amount * uni(0.99, 0.999) * 100) / 100;
        if (chance(0.3)) {  // split into two payments
          const double part = std::round(forwarded * uni(0.3, 0.7) * 100) / 100;
          addTxn(t + uniInt(1800, 8 * 3600), sh, pick(outs), part, 0,
                 chance(0.7) ? kGoods : kBlank);
          addTxn(t + uniInt(1800, 10 * 3600), sh, pick(outs), forwarded - part, 0,
                 chance(0.7) ? kGoods : kBlank);
        } else {
          addTxn(t + uniInt(1800, 10 * 3600), sh, pick(outs), forwarded, 0,
                 chance(0.7) ? kGoods : kBlank);
        }
      }
    shells_.push_back(sh);
  }
}

void Generator::addRegistryGaps() {
  // A few registry gaps: a party pays and is paid but is not in firms.csv.
  for (auto& p : parties_) {
    if (chance(0.02) && p.status == "active") p.inRegistry = false;  // failed firms stay listed
    if (!p.person && p.role != Role::Other && p.role != Role::Brand) {
      if (chance(0.08))
        p.industry.clear();
      else if (chance(0.02))
        p.industry = "L7299";  // registered as business services
    }
  }
}

void Generator::addFamilyFirms() {
  // A family runs the wholesaler and some of its stores (or the distributor and a
  // wholesaler): one legal person, sometimes a holding, and the goods still paid for.
  for (const auto& [supplier, buyer] : supplies_) {
    Party& s = parties_[static_cast<std::size_t>(supplier)];
    Party& b = parties_[static_cast<std::size_t>(buyer)];
    const bool chain = (s.role == Role::Wholesaler && b.role == Role::Retailer) ||
                       (s.role == Role::Distributor && b.role == Role::Wholesaler);
    if (!chain || !chance(0.12)) continue;
    b.legalPerson = s.legalPerson;
    if (chance(0.4)) holdings_.push_back({s.legalPerson, buyer, 0.6});
  }
}

void Generator::write(const std::filesystem::path& dir, const ExportStyle& style,
                      SupplyChainSimulator::Summary& summary) {
  // Ids do not reveal roles: firms are numbered in shuffled order.
  std::vector<std::size_t> firmOrder, personOrder;
  for (std::size_t i = 0; i < parties_.size(); ++i)
    (parties_[i].person ? personOrder : firmOrder).push_back(i);
  std::shuffle(firmOrder.begin(), firmOrder.end(), rng_);
  std::shuffle(personOrder.begin(), personOrder.end(), rng_);
  char buf[32];
  for (std::size_t k = 0; k < firmOrder.size(); ++k) {
    std::snprintf(buf, sizeof buf, "F%05zu", k + 1);
    parties_[firmOrder[k]].id = buf;
  }
  for (std::size_t k = 0; k < personOrder.size(); ++k) {
    std::snprintf(buf, sizeof buf, "P%06zu", k + 1);
    parties_[personOrder[k]].id = buf;
  }

  SimulatedTrade trade;
  trade.seed = o_.seed;
  trade.asOf = "2026-01-01";
  trade.parties = std::move(parties_);
  trade.txns = std::move(txns_);
  trade.holdings = std::move(holdings_);
  trade.certificates = std::move(certificates_);
  trade.supplies = std::move(supplies_);
  trade.rings = std::move(rings_);
  trade.shells = std::move(shells_);
  SimulatedTradeWriter::write(trade, style, dir);

  std::vector<char> seen(trade.parties.size(), 0);
  for (const Txn& t : trade.txns) seen[t.payer] = seen[t.payee] = 1;
  std::size_t partyCount = 0, firmCount = 0;
  for (std::size_t i = 0; i < trade.parties.size(); ++i) {
    partyCount += seen[i];
    firmCount += !trade.parties[i].person;
  }
  summary.parties = partyCount;
  summary.firms = firmCount;
  summary.transactions = trade.txns.size();
  summary.supplyRelations = trade.supplies.size();
  summary.rings = trade.rings.size();
  summary.shells = trade.shells.size();
}

}  // namespace

SupplyChainSimulator::Summary SupplyChainSimulator::write(
    const std::filesystem::path& outDir) const {
  Generator generator(options_);
  generator.run();
  Summary summary;
  generator.write(outDir, options_.style, summary);
  return summary;
}

}  // namespace aviary::supplychain
