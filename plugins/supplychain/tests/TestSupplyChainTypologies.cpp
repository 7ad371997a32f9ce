#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "AmountView.h"
#include "CircularTradeDetector.h"
#include "FanDetector.h"
#include "LayeringDetector.h"
#include "PartyProfile.h"
#include "PaymentNetworkLoader.h"
#include "ShellDetector.h"
#include "SupplyPairFeatures.h"
#include "TypologyFinding.h"
#include "WeakPairLabels.h"

using namespace aviary::supplychain;
namespace fs = std::filesystem;

// Each typology search on a small network: a background of 60 accounts paying each other
// their own habitual sums, plus one planted pattern; the search must find the pattern, name
// its members, and score it above what the same search finds in the null copy.
class TestSupplyChainTypologies : public QObject {
  Q_OBJECT

  fs::path dir_;
  std::string rows_;
  int txn_ = 0;

  void pay(int day, int hour, const std::string& from, const std::string& to, double yuan,
           const std::string& memo = "") {
    char buf[256];
    ++txn_;
    std::snprintf(buf, sizeof buf, "T%d,2025-%02d-%02dT%02d:%02d:00,%s,%s,%s,%s,%.2f,bank,%s\n",
                  txn_, 1 + day / 28, 1 + day % 28, hour, txn_ % 60, from.c_str(), from.c_str(),
                  to.c_str(), to.c_str(), yuan, memo.c_str());
    rows_ += buf;
  }
  // 60 accounts, each paying its own sum to 8 random others over 200 days.
  void background(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (int a = 0; a < 60; ++a) {
      const double habit =
          std::round(std::uniform_real_distribution<double>(100, 600)(rng) * 100) / 100;
      for (int k = 0; k < 8; ++k) {
        int b = static_cast<int>(rng() % 60);
        if (b == a) b = (b + 1) % 60;
        pay(static_cast<int>(rng() % 200), 9, "A" + std::to_string(a), "A" + std::to_string(b),
            habit);
      }
    }
  }
  std::shared_ptr<PaymentNetwork> load(const std::string& firms = "") {
    const fs::path t = dir_ / ("t" + std::to_string(txn_) + ".csv");
    std::ofstream(t) << "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n"
                     << rows_;
    fs::path f;
    if (!firms.empty()) {
      f = dir_ / ("f" + std::to_string(txn_) + ".csv");
      std::ofstream(f) << "firm_id,name,kind,established\n" << firms;
    }
    BadRowReport report;
    std::vector<std::string> warnings;
    auto net = std::make_shared<PaymentNetwork>(
        PaymentNetworkLoader::load({t, f, {}, {}}, report, warnings));
    rows_.clear();
    return net;
  }
  static bool hasMembers(const TypologyFinding& f, std::initializer_list<std::string> ids,
                         const PaymentNetwork& net) {
    for (const auto& id : ids)
      if (std::find(f.members.begin(), f.members.end(), net.parties.find(id)) == f.members.end())
        return false;
    return true;
  }
  static double best(const std::vector<TypologyFinding>& found) {
    double s = 0;
    for (const auto& f : found) s = std::max(s, f.score);
    return s;
  }

 private slots:
  void initTestCase() {
    dir_ = fs::temp_directory_path() /
           ("aviary_sc_typologies_" + std::to_string(QCoreApplication::applicationPid()));
    fs::create_directories(dir_);
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void thresholdKeepsWhatChanceDoesNotMake() {
    std::vector<double> null(200), real(200);
    for (int i = 0; i < 200; ++i)
      real[static_cast<std::size_t>(i)] = null[static_cast<std::size_t>(i)] = 3 + i * 0.02;
    QVERIFY(std::isinf(typologyThreshold(real, null)));  // no more than chance: nothing kept
    real.insert(real.end(), {20, 21, 22});
    const double t = typologyThreshold(real, null);
    QVERIFY(t > 7 && t <= 20);  // the three beat the best null finding (7) by more than ln 19
    QVERIFY(std::isinf(typologyThreshold({2.5}, {}, 0.1, 3.0)));  // below the floor
  }

  void layeringChainOfOneOddSumIsFoundAndItsNullIsNot() {
    background(1);
    pay(30, 10, "A1", "X1", 13.57);
    pay(45, 10, "X1", "X2", 13.57);
    pay(60, 10, "X2", "X3", 13.57);
    const auto net = load();
    const auto tokens = AmountView::Tokens::build(*net);
    const auto real = AmountView::real(*net, tokens);
    const auto links = LayeringDetector::links(*net, real, {});
    const auto chains = LayeringDetector::chains(*net, links);
    QVERIFY(std::any_of(chains.begin(), chains.end(), [&](const TypologyFinding& c) {
      return hasMembers(c, {"A1", "X1", "X2", "X3"}, *net);
    }));
    const auto null =
        LayeringDetector::links(*net, AmountView::shuffledGlobally(*net, tokens, real, 7), {});
    QVERIFY(best(links) > best(null));
  }

  void fanInOfOccasionalPayersIsFound() {
    background(2);
    for (int k = 0; k < 6; ++k)
      for (int r = 0; r < 4; ++r)
        pay(80 + k % 3, 11 + r, "S" + std::to_string(k), "C", 4.31 + 0.03 * k);
    const auto net = load();
    const auto tokens = AmountView::Tokens::build(*net);
    const auto real = AmountView::real(*net, tokens);
    const auto found = FanDetector(*net, real).fanIns({});
    const auto collector = net->parties.find("C");
    const auto it = std::find_if(found.begin(), found.end(), [&](const TypologyFinding& f) {
      return f.members.front() == collector;
    });
    QVERIFY(it != found.end());
    QCOMPARE(it->members.size(), std::size_t{7});
    double backgroundBest = 0;
    for (const auto& f : found)
      if (f.members.front() != collector) backgroundBest = std::max(backgroundBest, f.score);
    QVERIFY(it->score > backgroundBest + 10);
  }

  void fanOutBurstAgainstItsOwnPaceIsFound() {
    background(3);
    for (int k = 0; k < 10; ++k) pay(100 + k % 2, 14, "P", "R" + std::to_string(k), 20000 + k);
    for (int d = 0; d < 200; d += 20)
      pay(d, 9, "P", "A" + std::to_string(d % 60), 555.55);  // its pace
    const auto net = load();
    std::size_t tested = 0;
    const auto found = FanDetector::fanOutBursts(*net, {}, tested);
    QVERIFY(tested >= 1);
    const auto source = net->parties.find("P");
    QVERIFY(std::any_of(found.begin(), found.end(), [&](const TypologyFinding& f) {
      return f.members.front() == source && f.members.size() == 11 &&
             f.score > std::log(tested / 0.05);
    }));
  }

  void fanOutInBurstsOfRepeatsIsFound() {
    background(6);
    for (int k = 0; k < 3; ++k)
      for (int r = 0; r < 5; ++r)
        pay(30 + 30 * k, 10 + r, "A7", "M" + std::to_string(k), 3.70 + 0.02 * k);
    const auto net = load();
    const auto tokens = AmountView::Tokens::build(*net);
    std::size_t tested = 0;
    const auto real = AmountView::real(*net, tokens);
    const auto found = FanDetector(*net, real).fanOutRepeats({}, tested);
    std::vector<double> scores;
    for (const auto& f : found) scores.push_back(f.score);
    const double cut = benjaminiHochbergThreshold(scores, tested);
    QVERIFY(std::any_of(found.begin(), found.end(), [&](const TypologyFinding& f) {
      return f.members.front() == net->parties.find("A7") && f.members.size() == 4 &&
             f.score >= cut;
    }));
    // The background's payers paid no bursts: none of them clears the cut.
    QVERIFY(std::none_of(found.begin(), found.end(), [&](const TypologyFinding& f) {
      return f.members.front() != net->parties.find("A7") && f.score >= cut;
    }));
  }

  void ringWithShrinkingSumsOverWeeksIsFound() {
    background(4);
    const char* ring[] = {"R1", "R2", "R3", "R4"};
    for (int round = 0; round < 2; ++round) {
      double amount = 800000 + round * 50000;
      for (int h = 0; h < 4; ++h) {
        pay(20 + round * 90 + h * 9, 10, ring[h], ring[(h + 1) % 4], amount);
        amount *= 0.96;
      }
    }
    const auto net = load();
    const auto tokens = AmountView::Tokens::build(*net);
    std::vector<std::uint8_t> maybeFirm(net->partyCount(), 1), starts(net->txnCount(), 0);
    for (std::uint32_t t : tokens.firstTxn) starts[t] = 1;
    const auto candidates = CircularTradeDetector::candidates(*net, maybeFirm, starts);
    const auto rings =
        CircularTradeDetector::detect(*net, AmountView::real(*net, tokens), candidates, {});
    const auto it = std::find_if(rings.begin(), rings.end(), [&](const TypologyFinding& r) {
      return r.members.size() == 4 && hasMembers(r, {"R1", "R2", "R3", "R4"}, *net);
    });
    QVERIFY(it != rings.end());
    QCOMPARE(it->rounds, 2);
    QCOMPARE(it->txns.size(), std::size_t{8});
  }

  void youngFirmPassingMoneyOnIsAShell() {
    background(5);
    for (int k = 0; k < 8; ++k) {
      pay(40 + k * 7, 9, "D1", "SH", 300000 + 1000 * k);
      pay(40 + k * 7, 15, "SH", "B1", (300000 + 1000 * k) * 0.985);
    }
    const auto net = load(
        "SH,Shell Trading Co.,enterprise,2024-12-01\nD1,D1 Trading Co.,enterprise,2010-01-01\n");
    std::vector<std::uint8_t> maybeFirm(net->partyCount(), 1), overhead(net->txnCount(), 0);
    ShellDetector::Options o;
    o.asOfDay = static_cast<std::int32_t>(net->time.back() / 86400 + 1);
    const auto tokens = AmountView::Tokens::build(*net);
    const auto shells =
        ShellDetector::detect(*net, AmountView::real(*net, tokens), maybeFirm, overhead, o);
    QVERIFY(std::any_of(shells.begin(), shells.end(), [&](const TypologyFinding& s) {
      return s.members.front() == net->parties.find("SH") && s.score >= 8 * 0.9;
    }));
  }

  void weakLabelsFollowTheirRules() {
    for (int m = 0; m < 6; ++m) {
      pay(m * 28 + 3, 9, "W", "LANDLORD", 3000.00);                      // the same sum every month
      pay(m * 28 + 5, 9, "W", "SUP", 10000 + 1234.5 * (m % 3), "货款");  // goods
      pay(m * 28 + 7, 9, "W", "CLERK", 4000 + m, "工资");                // wages to a person
    }
    const auto net = load(
        "W,W Trading Co.,enterprise,\nSUP,Sup Co.,enterprise,\nCLERK,Li Ming,person,\n"
        "LANDLORD,Land Co.,enterprise,\n");
    const auto profile = PartyProfile::build(*net);
    const auto f = SupplyPairFeatures::build(*net, profile);
    const auto w = WeakPairLabels::build(*net, profile, f);
    auto rule = [&](const char* to) {
      return w.rule[net->findPair(net->parties.find("W"), net->parties.find(to))];
    };
    QCOMPARE(rule("SUP"), WeakPairLabels::kGoodsMemo);
    QCOMPARE(rule("CLERK"), WeakPairLabels::kPayeePerson);
    QCOMPARE(rule("LANDLORD"), WeakPairLabels::kFixedRecurring);
  }
};

QTEST_GUILESS_MAIN(TestSupplyChainTypologies)
#include "TestSupplyChainTypologies.moc"
