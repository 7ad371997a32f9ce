#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"
#include "SupplyChainSimulator.h"

using namespace aviary::supplychain;
namespace fs = std::filesystem;

// Accuracy on simulated networks from seeds never used while building or tuning the
// analysis (development used seeds 1-3). Floors are the targets of issue 5.
class TestSupplyChainAccuracy : public QObject {
  Q_OBJECT

  struct Counts {
    std::size_t supTp = 0, supPred = 0, supTrue = 0;
    std::size_t roleOk = 0, roles = 0, firmRoleOk = 0, firmRoles = 0;
    std::size_t ringTp = 0, ringPred = 0, ringTrue = 0;
    std::size_t shellTp = 0, shellPred = 0, shellTrue = 0;
  };
  Counts total_;
  fs::path dir_;

  void score(std::uint64_t seed) {
    const fs::path d = dir_ / std::to_string(seed);
    SupplyChainSimulator({seed, 8, 0.4}).write(d);
    BadRowReport report;
    std::vector<std::string> warnings;
    auto net = std::make_shared<PaymentNetwork>(PaymentNetworkLoader::load(
        {d / "transactions.csv", d / "firms.csv", d / "holdings.csv", d / "certificates.csv"},
        report, warnings));
    QCOMPARE(report.total(), std::size_t{0});  // the simulator writes clean files
    const auto a = SupplyChainAnalyzer::analyze(net, {});
    nlohmann::json truth;
    std::ifstream(d / "truth.json") >> truth;

    std::set<std::pair<std::string, std::string>> trueSup, predSup;
    for (const auto& s : truth["supplies"])
      trueSup.insert({s[0].get<std::string>(), s[1].get<std::string>()});
    for (const auto& r : a.relations)
      if (r.type == SupplyChainAnalysis::RelationType::Supplies)
        predSup.insert({net->parties.id(r.from), net->parties.id(r.to)});
    for (const auto& p : predSup) total_.supTp += trueSup.count(p);
    total_.supPred += predSup.size();
    total_.supTrue += trueSup.size();

    for (const auto& [id, t] : truth["parties"].items()) {
      const std::uint32_t v = net->parties.find(id);
      QVERIFY(v != PartyTable::kNone);
      const bool ok = toString(a.entities[v].role) == t["role"].get<std::string>();
      ++total_.roles;
      total_.roleOk += ok;
      if (a.isFirm[v]) {
        ++total_.firmRoles;
        total_.firmRoleOk += ok;
      }
    }

    std::set<std::string> trueRing, predRing, trueShell, predShell;
    for (const auto& r : truth["rings"])
      for (const auto& m : r) trueRing.insert(m.get<std::string>());
    for (const auto& r : a.rings)
      for (std::uint32_t m : r.members) predRing.insert(net->parties.id(m));
    for (const auto& s : truth["shells"]) trueShell.insert(s.get<std::string>());
    for (const auto& f : a.flags)
      if (f.type == "shell_suspect") predShell.insert(net->parties.id(f.members[0]));
    for (const auto& m : predRing) total_.ringTp += trueRing.count(m);
    total_.ringPred += predRing.size();
    total_.ringTrue += trueRing.size();
    for (const auto& m : predShell) total_.shellTp += trueShell.count(m);
    total_.shellPred += predShell.size();
    total_.shellTrue += trueShell.size();
  }

  static double ratio(std::size_t a, std::size_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
  }

 private slots:
  void initTestCase() {
    dir_ = fs::temp_directory_path() /
           ("aviary_sc_accuracy_" + std::to_string(QCoreApplication::applicationPid()));
    score(101);
    score(202);
    qInfo(
        "supplies P %.3f R %.3f | roles %.3f (firms %.3f) | ring members P %.3f R %.3f | shells P "
        "%.3f R %.3f",
        ratio(total_.supTp, total_.supPred), ratio(total_.supTp, total_.supTrue),
        ratio(total_.roleOk, total_.roles), ratio(total_.firmRoleOk, total_.firmRoles),
        ratio(total_.ringTp, total_.ringPred), ratio(total_.ringTp, total_.ringTrue),
        ratio(total_.shellTp, total_.shellPred), ratio(total_.shellTp, total_.shellTrue));
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void supplyRelations() {
    QVERIFY(total_.supTrue > 500);
    QVERIFY(ratio(total_.supTp, total_.supPred) >= 0.95);
    QVERIFY(ratio(total_.supTp, total_.supTrue) >= 0.90);
  }
  void roles() {
    QVERIFY(ratio(total_.roleOk, total_.roles) >= 0.95);
    QVERIFY(ratio(total_.firmRoleOk, total_.firmRoles) >= 0.95);
  }
  void ringMembers() {
    QVERIFY(total_.ringTrue >= 10);
    QVERIFY(ratio(total_.ringTp, total_.ringPred) >= 0.9);
    QVERIFY(ratio(total_.ringTp, total_.ringTrue) >= 0.9);
  }
  void shells() {
    QVERIFY(total_.shellTrue >= 5);
    QVERIFY(ratio(total_.shellTp, total_.shellTrue) >= 0.8);
  }
};

QTEST_GUILESS_MAIN(TestSupplyChainAccuracy)
#include "TestSupplyChainAccuracy.moc"
