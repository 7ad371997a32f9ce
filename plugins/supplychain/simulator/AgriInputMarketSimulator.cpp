#include "AgriInputMarketSimulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "CalendarDate.h"
#include "SimulatedTrade.h"
#include "SimulatedTradeWriter.h"

namespace aviary::supplychain {
namespace {

using Trade = SimulatedTrade;
using Role = Trade::Role;

constexpr int kFirstYear = 2024, kFirstMonth = 7, kMonths = 18;  // 2024-07 .. 2025-12

// Orders by calendar month: spring planting, a summer crop, winter wheat, a dead winter.
constexpr double kSeason[12] = {0.3, 1.0, 1.6, 1.0, 0.4, 0.5, 0.3, 0.8, 1.2, 0.9, 0.2, 0.1};

class Market {
 public:
  explicit Market(const AgriInputMarketSimulator::Options& o)
      : o_(o), rng_(o.seed * 0xD1B54A32D192ED03ull + 5) {
    start_ = CalendarDate::daysFromCivil(kFirstYear, kFirstMonth, 1);
    end_ = CalendarDate::daysFromCivil(2026, 1, 1);
    t_.seed = o.seed;
    t_.asOf = "2026-01-01";
  }
  void run();
  Trade& trade() { return t_; }

 private:
  struct Dealer {
    int party;
    int tier;                 // 0 brand, 1.. down the chain
    std::vector<int> buyers;  // dealer indices
  };

  double uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }
  int uniInt(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng_); }
  bool chance(double p) { return uni(0, 1) < p; }
  int poisson(double m) { return std::poisson_distribution<int>(std::max(m, 1e-9))(rng_); }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniInt(0, static_cast<int>(v.size()) - 1))];
  }
  int scaled(double perBrand, int lo) const {
    return std::max(lo, static_cast<int>(std::lround(perBrand * o_.brands * o_.scale)));
  }
  std::int64_t monthDay(int m, int day) const {  // day (1-based, clamped) of simulated month m
    const int y = kFirstYear + (kFirstMonth - 1 + m) / 12;
    const unsigned mo = static_cast<unsigned>((kFirstMonth - 1 + m) % 12 + 1);
    return CalendarDate::daysFromCivil(
        y, mo, std::min<unsigned>(static_cast<unsigned>(day), CalendarDate::daysInMonth(y, mo)));
  }
  double season(int m) const { return kSeason[(kFirstMonth - 1 + m) % 12]; }
  std::int64_t at(std::int64_t day, bool office = true) {
    const int hour = office ? uniInt(8, 17) : uniInt(0, 23);
    return day * 86400 + hour * 3600 + uniInt(0, 3599);
  }
  void pay(std::int64_t time, int payer, int payee, double amount, std::uint8_t memo,
           std::uint8_t channel = Trade::kBank) {
    if (time >= end_ * 86400 || amount < 0.01) return;
    const auto cents = std::max<std::int64_t>(1, std::llround(amount * 100));
    t_.txns.push_back({time, static_cast<std::uint32_t>(payer), static_cast<std::uint32_t>(payee),
                       cents, channel, memo, static_cast<std::uint32_t>(uniInt(100, 99999))});
  }

  std::string personName();
  int person(Role role = Role::Other);
  int firm(Role role, const char* kind, const char* industry, const std::string& what, int bornLo,
           int bornHi);
  void orders(int buyer, int supplier, double perSeason, double unitPrice, int bagsLo, int bagsHi);
  int attach(const std::vector<int>& level);
  void buildChains();
  void farmers();
  void overheads();
  void finance();
  void rings();
  void shells();
  void fans();
  void registryGaps();

  AgriInputMarketSimulator::Options o_;
  std::mt19937_64 rng_;
  std::int64_t start_, end_;
  Trade t_;
  std::vector<Dealer> dealers_;
  std::vector<int> brands_, raws_, retailers_, farmers_, staffPool_, landlords_;
  std::vector<int> operating_;  // firms that pay overheads
  int power_ = -1, tax_ = -1, lender_ = -1, insurer_ = -1, platform_ = -1;
  std::vector<int> carriers_, propertyFirms_;
};

std::string Market::personName() {
  static const char* family[] = {"Zhang", "Wang", "Li", "Zhao", "Liu", "Chen", "Yang",
                                 "Huang", "Zhou", "Wu", "Xu",   "Sun", "Ma",   "Gao"};
  static const char* given[] = {"Wei",  "Fang", "Min",   "Jun", "Lei",  "Yong", "Jie",  "Tao",
                                "Ping", "Hua",  "Qiang", "Xia", "Hong", "Gang", "Lina", "Bo"};
  std::string n = std::string(family[uniInt(0, 13)]) + " " + given[uniInt(0, 15)];
  if (chance(0.4)) n += given[uniInt(0, 15)];
  return n;
}

int Market::person(Role role) {
  Trade::Party p;
  p.person = true;
  p.kind = "person";
  p.role = role;
  p.name = personName();
  p.establishedDay = CalendarDate::daysFromCivil(uniInt(1950, 2004), 1, 1);
  t_.parties.push_back(std::move(p));
  return static_cast<int>(t_.parties.size()) - 1;
}

int Market::firm(Role role, const char* kind, const char* industry, const std::string& what,
                 int bornLo, int bornHi) {
  static const char* places[] = {"Shijiazhuang", "Baoding",  "Handan",   "Xingtai",
                                 "Cangzhou",     "Hengshui", "Dezhou",   "Liaocheng",
                                 "Heze",         "Zhoukou",  "Shangqiu", "Xuchang"};
  static const char* words[] = {"Fengshou", "Nongfu",   "Jinhe", "Lvye",  "Tianyuan", "Huamei",
                                "Xinnong",  "Hengfeng", "Dadi",  "Jiahe", "Ruifeng",  "Kenong"};
  Trade::Party p;
  p.kind = kind;
  p.role = role;
  p.industry = industry;
  const std::string place = places[uniInt(0, 11)];
  if (p.kind == "individual_business")
    p.name = personName() + " " + what;
  else
    p.name = place + " " + words[uniInt(0, 11)] + " " + what + " Co., Ltd";
  p.address =
      "No. " + std::to_string(uniInt(1, 400)) + " " + words[uniInt(0, 11)] + " Road, " + place;
  p.establishedDay =
      CalendarDate::daysFromCivil(uniInt(bornLo, bornHi), static_cast<unsigned>(uniInt(1, 12)),
                                  static_cast<unsigned>(uniInt(1, 28)));
  p.capital = std::round(uni(1, 200)) * 50000;
  t_.parties.push_back(std::move(p));
  const int index = static_cast<int>(t_.parties.size()) - 1;
  const int owner = person();
  t_.parties[static_cast<std::size_t>(index)].legalPerson = owner;
  t_.holdings.push_back({owner, index, chance(0.6) ? 1.0 : 0.51});
  return index;
}

// Season orders: bags times a unit price, paid up front, in two or three instalments, or
// in one monthly settlement for the goods of that month.
void Market::orders(int buyer, int supplier, double perSeason, double unitPrice, int bagsLo,
                    int bagsHi) {
  const int terms = uniInt(0, 2);
  const int from = chance(0.12) ? uniInt(2, 10) : 0;
  const int to = chance(0.06) ? uniInt(from + 5, kMonths - 1) : kMonths;
  bool any = false;
  for (int m = from; m < to; ++m) {
    const int n = poisson(perSeason * season(m) / 3.0);
    double monthTotal = 0;
    for (int k = 0; k < n; ++k) {
      const double amount = uniInt(bagsLo, bagsHi) * unitPrice;
      const std::int64_t day = monthDay(m, uniInt(1, 28));
      any = true;
      if (terms == 0) {
        pay(at(day), buyer, supplier, amount, chance(0.8) ? Trade::kGoods : Trade::kOrder);
      } else if (terms == 1) {
        const int parts = uniInt(2, 3);
        for (int i = 0; i < parts; ++i)
          pay(at(day + i * uniInt(20, 45)), buyer, supplier, std::round(amount / parts),
              chance(0.5) ? Trade::kPurchase : Trade::kGoods);
      } else {
        monthTotal += amount;
      }
    }
    if (monthTotal > 0)
      pay(at(monthDay(m + 1, uniInt(3, 10))), buyer, supplier, monthTotal, Trade::kStock);
  }
  if (any) t_.supplies.insert({supplier, buyer});
}

// Preferential attachment: suppliers with more buyers win new ones more often.
int Market::attach(const std::vector<int>& level) {
  double total = 0;
  for (int s : level) total += 1 + dealers_[static_cast<std::size_t>(s)].buyers.size();
  double r = uni(0, total);
  for (int s : level) {
    r -= 1 + dealers_[static_cast<std::size_t>(s)].buyers.size();
    if (r <= 0) return s;
  }
  return level.back();
}

void Market::buildChains() {
  static const char* brandIndustry[] = {"A0511", "C2625", "C2631"};
  static const char* brandWhat[] = {"Seed", "Fertilizer", "Crop Protection"};
  static const char* wholesaleIndustry[] = {"F5166", "F5167", "F5168"};
  for (int i = 0; i < std::max(3, o_.brands * 2); ++i)
    raws_.push_back(firm(Role::Other, "enterprise", i % 2 ? "C2231" : "C2929",
                         i % 2 ? "Packaging" : "Chemical Materials", 1995, 2016));
  std::vector<std::vector<int>> lowest(static_cast<std::size_t>(o_.brands));
  std::vector<double> unitPrice(static_cast<std::size_t>(o_.brands));
  for (int b = 0; b < o_.brands; ++b) {
    const int line = b % 3;
    const int brand =
        firm(Role::Brand, "enterprise", brandIndustry[line], brandWhat[line], 1990, 2012);
    brands_.push_back(brand);
    operating_.push_back(brand);
    dealers_.push_back({brand, 0, {}});
    unitPrice[static_cast<std::size_t>(b)] = std::round(uni(35, 260) * 2) / 2;
    for (int k = 0, n = uniInt(1, 3); k < n; ++k)
      orders(brand, pick(raws_), 6, std::round(uni(800, 4000)), 100, 600);
    // Depth: 2 (straight to stores), 3 or 4 tiers.
    const double u = uni(0, 1);
    const int depth = u < 0.25 ? 2 : u < 0.75 ? 3 : 4;
    std::vector<int> level = {static_cast<int>(dealers_.size()) - 1};
    for (int tier = 1; tier < depth; ++tier) {
      const int count = tier == 1
                            ? std::max(2, static_cast<int>(std::lround(uni(2, 5) * o_.scale)))
                            : std::max(3, static_cast<int>(std::lround(uni(4, 10) * o_.scale)));
      std::vector<int> next;
      for (int i = 0; i < count; ++i) {
        const int d =
            firm(tier == 1 ? Role::Distributor : Role::Wholesaler,
                 chance(0.85) ? "enterprise" : "individual_business", wholesaleIndustry[line],
                 tier == 1 ? "Agri-Trade" : "Farm Supply", 2000, 2020);
        operating_.push_back(d);
        dealers_.push_back({d, tier, {}});
        const int di = static_cast<int>(dealers_.size()) - 1;
        const int chosen = attach(level);
        dealers_[static_cast<std::size_t>(chosen)].buyers.push_back(di);
        const double price = unitPrice[static_cast<std::size_t>(b)] * (1 - 0.08 * tier);
        orders(d, dealers_[static_cast<std::size_t>(chosen)].party, tier == 1 ? 5 : 7, price,
               tier == 1 ? 800 : 150, tier == 1 ? 9000 : 1500);
        if (tier == 1 && chance(0.4))
          t_.certificates.push_back(
              {brand, d, 1, CalendarDate::daysFromCivil(uniInt(2016, 2023), 1, 15)});
        next.push_back(di);
      }
      level = next;
    }
    lowest[static_cast<std::size_t>(b)] = level;
  }
  // Stores: one or two lines, suppliers chosen by preferential attachment.
  static const char* storeWhat[] = {"Farm Supply Store", "Agri Shop", "Seed and Fertilizer Shop"};
  for (int i = 0, n = scaled(130, 40); i < n; ++i) {
    const int r = firm(Role::Retailer, chance(0.7) ? "individual_business" : "enterprise", "F5299",
                       storeWhat[uniInt(0, 2)], 2005, 2023);
    retailers_.push_back(r);
    operating_.push_back(r);
    const int lines = chance(0.35) ? 2 : 1;
    std::vector<int> used;
    for (int k = 0; k < lines; ++k) {
      const int b = uniInt(0, o_.brands - 1);
      const int chosen = attach(lowest[static_cast<std::size_t>(b)]);
      const int sp = dealers_[static_cast<std::size_t>(chosen)].party;
      if (std::find(used.begin(), used.end(), sp) != used.end()) continue;
      used.push_back(sp);
      dealers_[static_cast<std::size_t>(chosen)].buyers.push_back(-1);
      orders(r, sp, 4, unitPrice[static_cast<std::size_t>(b)], 8, 120);
    }
  }
}

void Market::farmers() {
  // Farmers buy inputs in season (card, wallet or cash deposit); some stores buy grain back.
  for (int i = 0, n = scaled(650, 200); i < n; ++i) {
    const int f = person(Role::Consumer);
    farmers_.push_back(f);
    const int shop = pick(retailers_);
    const int shop2 = chance(0.3) ? pick(retailers_) : shop;
    for (int m = 0; m < kMonths; ++m)
      for (int k = 0, visits = poisson(0.9 * season(m)); k < visits; ++k)
        pay(at(monthDay(m, uniInt(1, 28))), f, chance(0.8) ? shop : shop2,
            std::round(uni(60, 3000)), chance(0.1) ? Trade::kShopping : Trade::kBlank,
            static_cast<std::uint8_t>(uniInt(1, 3)));
  }
  for (int r : retailers_) {
    if (!chance(0.3)) continue;
    for (int k = 0, sellers = uniInt(2, 8); k < sellers; ++k)
      for (int year = 0; year < 2; ++year) {
        const int m = 3 + 12 * year;  // October
        if (m < kMonths)
          pay(at(monthDay(m, uniInt(1, 28))), r, pick(farmers_), std::round(uni(2000, 30000)),
              Trade::kBlank);
      }
  }
}

void Market::overheads() {
  // Payroll on the 25th with a January bonus, rent by quarter (stores) or year (dealers),
  // power monthly, VAT monthly, freight per shipment month.
  for (int f : operating_) {
    const Role role = t_.parties[static_cast<std::size_t>(f)].role;
    const int staff = role == Role::Brand      ? uniInt(4, 9)
                      : role == Role::Retailer ? uniInt(0, 2)
                                               : uniInt(1, 4);
    std::vector<std::pair<int, double>> pay_;
    for (int k = 0; k < staff; ++k) pay_.push_back({person(), std::round(uni(3000, 14000))});
    const bool ownsPremises = role == Role::Brand || chance(0.2);
    const int landlord = chance(0.6) ? pick(landlords_) : pick(propertyFirms_);
    const double rent = std::round(uni(3000, 60000) / 100) * 100;
    const double scale = role == Role::Brand         ? 40
                         : role == Role::Distributor ? 8
                         : role == Role::Retailer    ? 1
                                                     : 3;
    const int carrier = pick(carriers_);
    for (int m = 0; m < kMonths; ++m) {
      for (auto& [who, wage] : pay_) {
        pay(at(monthDay(m, 25)), f, who, wage, Trade::kWage);
        if ((kFirstMonth - 1 + m) % 12 == 0 && chance(0.7))
          pay(at(monthDay(m, 20)), f, who, std::round(wage * uni(0.5, 2)), Trade::kWage);
      }
      if (!ownsPremises && (role == Role::Retailer ? m % 3 == 0 : m % 12 == 6))
        pay(at(monthDay(m, uniInt(1, 6))), f, landlord, role == Role::Retailer ? rent : rent * 4,
            chance(0.5) ? Trade::kRent : Trade::kRent2);
      pay(at(monthDay(m, uniInt(10, 20))), f, power_, std::round(uni(200, 900) * scale * 100) / 100,
          Trade::kPower);
      pay(at(monthDay(m, 15)), f, tax_, std::round(uni(500, 3000) * scale * season(m) * 100) / 100,
          chance(0.6) ? Trade::kVat : Trade::kTax);
      if (role != Role::Retailer && season(m) > 0.35)
        pay(at(monthDay(m, uniInt(1, 28))), f, carrier,
            std::round(uni(800, 5000) * scale * season(m) * 100) / 100, Trade::kFreight);
    }
    for (auto& [who, wage] : pay_) staffPool_.push_back(who);
  }
  // Some staff shop at stores: consumers too.
  for (int who : staffPool_)
    if (chance(0.1)) {
      t_.parties[static_cast<std::size_t>(who)].role = Role::Consumer;
      const int shop = pick(retailers_);
      for (int k = 0, n = uniInt(1, 5); k < n; ++k)
        pay(at(monthDay(uniInt(0, kMonths - 1), uniInt(1, 28))), who, shop,
            std::round(uni(50, 800)), Trade::kBlank, Trade::kWalletA);
    }
  // People send each other money.
  std::vector<int> people = farmers_;
  people.insert(people.end(), staffPool_.begin(), staffPool_.end());
  for (int k = 0, n = static_cast<int>(people.size()) * 3; k < n; ++k) {
    const int a = pick(people), b = pick(people);
    if (a != b)
      pay(at(start_ + uniInt(0, static_cast<int>(end_ - start_) - 1), false), a, b,
          std::round(uni(1, 60)) * 50, chance(0.3) ? Trade::kTransfer : Trade::kBlank,
          static_cast<std::uint8_t>(uniInt(1, 2)));
  }
}

void Market::finance() {
  // Loans to stores at season start, repaid in six equal instalments; card settlements from
  // the payment platform weekly in season; a yearly insurance premium.
  for (int r : retailers_) {
    if (chance(0.25)) {
      const int m = uniInt(0, kMonths - 7);
      const double principal = std::round(uni(2, 30)) * 10000;
      pay(at(monthDay(m, uniInt(1, 10))), lender_, r, principal, Trade::kLoan);
      for (int k = 1; k <= 6; ++k)
        pay(at(monthDay(m + k, 5)), r, lender_, std::round(principal * 1.06 / 6 * 100) / 100,
            Trade::kRepay);
    }
    if (chance(0.4))
      for (int m = 0; m < kMonths; ++m)
        if (season(m) >= 0.8)
          for (int w = 0; w < 4; ++w)
            pay(at(monthDay(m, 2 + 7 * w)), platform_, r,
                std::round(uni(500, 6000) * season(m) * 100) / 100, Trade::kSettle);
  }
  for (int f : operating_)
    if (chance(0.3))
      pay(at(monthDay(uniInt(0, 11), uniInt(1, 28))), f, insurer_, std::round(uni(1000, 20000)),
          Trade::kBlank);
}

void Market::rings() {
  // Money goes round 3-6 firms, shrinking by up to 4% a hop, each round over weeks.
  std::vector<int> pool;
  for (const auto& d : dealers_)
    if (d.tier > 0) pool.push_back(d.party);
  for (int i = 0, n = scaled(0.7, 3); i < n; ++i) {
    const int k = uniInt(3, 6);
    std::vector<int> members;
    while (static_cast<int>(members.size()) < k) {
      const int f = chance(0.35) ? pick(pool)
                                 : firm(Role::Other, "enterprise", "F5199", "Trading", 2010, 2023);
      if (std::find(members.begin(), members.end(), f) == members.end()) members.push_back(f);
    }
    for (int round = 0, rounds = uniInt(2, 4); round < rounds; ++round) {
      double amount = std::round(uni(200000, 3000000));
      std::int64_t day = monthDay(uniInt(0, kMonths - 4), uniInt(1, 28));
      for (int h = 0; h < k; ++h) {
        pay(at(day), members[static_cast<std::size_t>(h)],
            members[static_cast<std::size_t>((h + 1) % k)], amount,
            chance(0.6) ? Trade::kGoods : Trade::kBlank);
        amount = std::round(amount * (1 - uni(0, 0.04)) * 100) / 100;
        day += uniInt(1, 12);
      }
    }
    t_.rings.push_back(members);
  }
}

void Market::shells() {
  // Young firms that pass money on within hours or days, keeping a fee; some pay one clerk.
  std::vector<int> payers, payees = raws_;
  for (const auto& d : dealers_) (d.tier == 0 ? payees : payers).push_back(d.party);
  for (int i = 0, n = scaled(0.6, 3); i < n; ++i) {
    const int sh = firm(Role::Other, "enterprise", chance(0.5) ? "L7299" : "F5199",
                        chance(0.5) ? "Supply Chain Management" : "Commerce", 2023, 2025);
    const int startMonth = uniInt(2, kMonths - 6);
    t_.parties[static_cast<std::size_t>(sh)].establishedDay =
        monthDay(startMonth, 1) - uniInt(20, 300);
    std::vector<int> ins, outs;
    for (int k = 0, a = uniInt(1, 3); k < a; ++k) ins.push_back(pick(payers));
    for (int k = 0, a = uniInt(1, 3); k < a; ++k) outs.push_back(pick(payees));
    const bool clerk = chance(0.4);
    const int clerkId = clerk ? person() : -1;
    for (int m = startMonth; m < kMonths; ++m) {
      for (int k = 0, passes = uniInt(2, 5); k < passes; ++k) {
        const double amount = std::round(uni(30000, 900000) * 100) / 100;
        const std::int64_t tIn = at(monthDay(m, uniInt(1, 26)));
        pay(tIn, pick(ins), sh, amount, chance(0.5) ? Trade::kGoods : Trade::kBlank);
        const double kept = amount * uni(0.005, 0.03);
        pay(tIn + uniInt(2, 96) * 3600, sh, pick(outs), std::round((amount - kept) * 100) / 100,
            chance(0.5) ? Trade::kGoods : Trade::kBlank);
      }
      if (clerk) pay(at(monthDay(m, 28)), sh, clerkId, std::round(uni(3000, 4000)), Trade::kBlank);
    }
    t_.shells.push_back(sh);
  }
}

void Market::fans() {
  // Fan-in: people pay near-equal sums to one firm within days, which passes the total on.
  // Fan-out: one firm pays near-equal sums to many people within days.
  for (int i = 0, n = scaled(0.5, 2); i < n; ++i) {
    const int collector = firm(Role::Other, "enterprise", "L7299", "Consulting", 2019, 2024);
    std::vector<int> members = {collector};
    for (int k = 0, a = uniInt(6, 14); k < a; ++k) members.push_back(person());
    const int onward = pick(raws_);
    for (int e = 0, episodes = uniInt(2, 3); e < episodes; ++e) {
      const std::int64_t day = monthDay(uniInt(0, kMonths - 2), uniInt(1, 25));
      const double each = std::round(uni(20000, 49000));
      double total = 0;
      for (std::size_t k = 1; k < members.size(); ++k) {
        const double x = std::round(each * uni(0.97, 1.0));
        pay(at(day + uniInt(0, 3), false), members[k], collector, x, Trade::kBlank,
            Trade::kWalletA);
        total += x;
      }
      pay(at(day + uniInt(4, 6)), collector, onward, std::round(total * 0.98), Trade::kGoods);
    }
    t_.fanIns.push_back(members);
  }
  for (int i = 0, n = scaled(0.5, 2); i < n; ++i) {
    const int source = firm(Role::Other, "enterprise", "F5199", "Agri-Trade", 2018, 2024);
    std::vector<int> members = {source};
    for (int k = 0, a = uniInt(6, 14); k < a; ++k) members.push_back(person());
    const int funder = pick(brands_);
    for (int e = 0, episodes = uniInt(2, 3); e < episodes; ++e) {
      const std::int64_t day = monthDay(uniInt(0, kMonths - 2), uniInt(1, 25));
      const double each = std::round(uni(20000, 49000));
      pay(at(day), funder, source, each * static_cast<double>(members.size() - 1), Trade::kBlank);
      for (std::size_t k = 1; k < members.size(); ++k)
        pay(at(day + uniInt(1, 3)), source, members[k], std::round(each * uni(0.97, 1.0)),
            Trade::kBlank);
    }
    t_.fanOuts.push_back(members);
  }
}

void Market::registryGaps() {
  for (auto& p : t_.parties) {
    if (chance(0.03)) p.inRegistry = false;
    if (!p.person && p.role != Role::Other && chance(0.1)) p.industry.clear();
  }
}

void Market::run() {
  power_ = firm(Role::Other, "enterprise", "D4420", "Power Supply", 1990, 2000);
  tax_ = firm(Role::Other, "enterprise", "S9221", "Tax Service", 1990, 1994);
  lender_ = firm(Role::Other, "enterprise", "J6639", "Microcredit", 2010, 2016);
  insurer_ = firm(Role::Other, "enterprise", "J6820", "Property Insurance", 2000, 2010);
  platform_ = firm(Role::Other, "enterprise", "J6930", "Payment Technology", 2012, 2016);
  for (int i = 0; i < scaled(0.5, 2); ++i)
    carriers_.push_back(firm(Role::Other, "enterprise", "G5430", "Logistics", 2005, 2018));
  for (int i = 0; i < scaled(0.4, 2); ++i)
    propertyFirms_.push_back(
        firm(Role::Other, "enterprise", "K7040", "Property Services", 2000, 2015));
  for (int i = 0; i < scaled(25, 6); ++i) landlords_.push_back(person());
  buildChains();
  farmers();
  overheads();
  finance();
  rings();
  shells();
  fans();
  registryGaps();
  std::sort(t_.txns.begin(), t_.txns.end(),
            [](const Trade::Txn& a, const Trade::Txn& b) { return a.time < b.time; });
  // Ids are account numbers that say nothing about the holder.
  std::vector<int> order(t_.parties.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::shuffle(order.begin(), order.end(), rng_);
  char buf[24];
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::snprintf(buf, sizeof buf, "AC%07zu", 1000 + k * 7);
    t_.parties[static_cast<std::size_t>(order[k])].id = buf;
  }
}

}  // namespace

AgriInputMarketSimulator::Summary AgriInputMarketSimulator::write(
    const std::filesystem::path& dir) const {
  Market market(options_);
  market.run();
  Trade& t = market.trade();
  SimulatedTradeWriter::write(t, options_.style, dir);
  Summary s;
  s.transactions = t.txns.size();
  s.parties = t.parties.size();
  s.supplyRelations = t.supplies.size();
  s.rings = t.rings.size();
  s.shells = t.shells.size();
  return s;
}

}  // namespace aviary::supplychain
