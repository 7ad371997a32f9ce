#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "AgriInputMarketSimulator.h"
#include "CsvReader.h"
#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"
#include "SupplyChainSimulator.h"

using namespace aviary::supplychain;
namespace fs = std::filesystem;

// What real exports vary, written by the simulators, and the analysis on trade it was not
// built on: the main simulator's plain export and the second simulator's own bank style,
// from seeds used nowhere else. Floors are the targets for a plain export.
class TestSupplyChainExports : public QObject {
  Q_OBJECT

  fs::path dir_;

  struct Score {
    double supP = 0, supR = 0, roles = 0, ringP = 0, ringR = 0, shellR = 0;
  };
  static double ratio(std::size_t a, std::size_t b) { return b ? double(a) / double(b) : 0.0; }

  Score analyse(const fs::path& d) {
    BadRowReport report;
    std::vector<std::string> warnings;
    auto net = std::make_shared<PaymentNetwork>(PaymentNetworkLoader::load(
        {d / "transactions.csv", d / "firms.csv", d / "holdings.csv", d / "certificates.csv"},
        report, warnings));
    if (report.total() != 0) qFatal("the simulator wrote bad rows");
    const auto a = SupplyChainAnalyzer::analyze(net, {});
    nlohmann::json truth;
    std::ifstream(d / "truth.json") >> truth;
    std::set<std::pair<std::string, std::string>> want, got;
    for (const auto& s : truth["supplies"])
      want.insert({s[0].get<std::string>(), s[1].get<std::string>()});
    for (const auto& r : a.relations)
      if (r.type == SupplyChainAnalysis::RelationType::Supplies)
        got.insert({net->parties.id(r.from), net->parties.id(r.to)});
    std::size_t hit = 0, ok = 0, roles = 0;
    for (const auto& p : got) hit += want.count(p);
    for (const auto& [id, t] : truth["parties"].items()) {
      ++roles;
      ok += toString(a.entities[net->parties.find(id)].role) == t["role"].get<std::string>();
    }
    std::set<std::string> ring, found, shells, flagged;
    for (const auto& r : truth["rings"])
      for (const auto& m : r) ring.insert(m.get<std::string>());
    for (const auto& r : a.rings)
      for (std::uint32_t m : r.members) found.insert(net->parties.id(m));
    for (const auto& s : truth["shells"]) shells.insert(s.get<std::string>());
    for (const auto& f : a.flags)
      if (f.type == "shell_suspect") flagged.insert(net->parties.id(f.members[0]));
    std::size_t ringHit = 0, shellHit = 0;
    for (const auto& m : found) ringHit += ring.count(m);
    for (const auto& m : flagged) shellHit += shells.count(m);
    qInfo("%s: supplies P %.3f R %.3f, roles %.3f, ring members P %.3f R %.3f, shells R %.3f",
          d.filename().c_str(), ratio(hit, got.size()), ratio(hit, want.size()), ratio(ok, roles),
          ratio(ringHit, found.size()), ratio(ringHit, ring.size()),
          ratio(shellHit, shells.size()));
    return {
        ratio(hit, got.size()),       ratio(hit, want.size()),     ratio(ok, roles),
        ratio(ringHit, found.size()), ratio(ringHit, ring.size()), ratio(shellHit, shells.size())};
  }
  static void meetsPlainTargets(const Score& s) {
    QVERIFY(s.supP >= 0.9);
    QVERIFY(s.supR >= 0.9);
    QVERIFY(s.roles >= 0.85);
    QVERIFY(s.ringP >= 0.9);
    QVERIFY(s.ringR >= 0.9);
    QVERIFY(s.shellR >= 0.8);
  }

 private slots:
  void initTestCase() {
    dir_ = fs::temp_directory_path() /
           ("aviary_sc_exports_" + std::to_string(QCoreApplication::applicationPid()));
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void plainExportHasNoMemosNoClockNoIndustries() {
    SupplyChainSimulator::Options o{404, 4, 0.2};
    o.style = ExportStyle::plain();
    o.familyFirms = true;
    SupplyChainSimulator(o).write(dir_ / "plain404");
    CsvReader tx(dir_ / "plain404" / "transactions.csv");
    QVERIFY(tx.next());  // header
    std::size_t rows = 0;
    while (tx.next()) {
      ++rows;
      QCOMPARE(tx[1].size(), std::size_t{10});  // YYYY-MM-DD
      QVERIFY(tx[8].empty());
    }
    QVERIFY(rows > 1000);
    CsvReader firms(dir_ / "plain404" / "firms.csv");
    QVERIFY(firms.next());
    while (firms.next()) QVERIFY(firms[7].empty());
  }

  void variedExportWritesMemosInOtherWordsAndSkipsMost() {
    SupplyChainSimulator::Options o{405, 4, 0.2};
    o.style = ExportStyle::varied();
    SupplyChainSimulator(o).write(dir_ / "varied405");
    CsvReader tx(dir_ / "varied405" / "transactions.csv");
    QVERIFY(tx.next());
    std::size_t rows = 0, blank = 0, latin = 0;
    while (tx.next()) {
      ++rows;
      const std::string_view memo = tx[8];
      blank += memo.empty();
      latin += !memo.empty() && static_cast<unsigned char>(memo[0]) < 0x80;
    }
    QVERIFY(blank > rows / 2);  // most payments carry no memo
    QVERIFY(latin > 100);       // and many that do are not Chinese
  }

  void mainSimulatorPlainExportMeetsThePlainTargets() {
    SupplyChainSimulator::Options o{406, 6, 0.3};
    o.style = ExportStyle::plain();
    o.familyFirms = true;
    SupplyChainSimulator(o).write(dir_ / "plain406");
    meetsPlainTargets(analyse(dir_ / "plain406"));
  }

  void secondSimulatorMeetsThePlainTargets() {
    AgriInputMarketSimulator::Options o;
    o.seed = 407;
    o.brands = 6;
    o.scale = 0.5;
    const auto summary = AgriInputMarketSimulator(o).write(dir_ / "agri407");
    QVERIFY(summary.supplyRelations > 200);
    nlohmann::json truth;
    std::ifstream(dir_ / "agri407" / "truth.json") >> truth;
    QVERIFY(!truth["fan_ins"].empty() && !truth["fan_outs"].empty());
    meetsPlainTargets(analyse(dir_ / "agri407"));
  }
};

QTEST_GUILESS_MAIN(TestSupplyChainExports)
#include "TestSupplyChainExports.moc"
