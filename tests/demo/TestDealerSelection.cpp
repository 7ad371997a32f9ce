#include <QtTest>

#include <set>

#include "DealerSelection.h"
#include "DemoPortfolio.h"

using aviary::demo::DealerSelection;
using aviary::demo::DemoPortfolio;
using nlohmann::json;

// Dealers are drawn without replacement: `aviary demo --merchants 60 --seed 1` once failed
// with "idempotency key 'demo-1-dealer-F00068' was already used".
class TestDealerSelection : public QObject {
  Q_OBJECT

  static json supplyChain() {
    json parties = json::object();
    for (const char* id : {"F1", "F2", "F3", "F4", "F5", "F6"})
      parties[id] = {{"role", "retailer"}};
    parties["B1"] = {{"role", "brand"}};  // a brand never applies as a dealer
    return {{"rings", json::array({json::array({"F1", "F2"})})},
            {"shells", json::array({"F1", "F3"})},  // F1 is a ring member and a shell
            {"parties", parties}};
  }

  static std::set<std::string> firms() { return {"F1", "F2", "F3", "F4", "F5", "F6", "B1"}; }

 private slots:
  void aFirmInARingAndAmongShellsIsPickedOnce() {
    std::mt19937 random(1);
    const auto picked = DealerSelection::pick(supplyChain(), firms(), 4, random);
    QCOMPARE(picked.size(), std::size_t(4));
    QCOMPARE(picked[0], std::string("F1"));  // the ring member
    QCOMPARE(picked[1], std::string("F3"));  // the next shell, not F1 again
    QCOMPARE(std::set<std::string>(picked.begin(), picked.end()).size(), picked.size());
  }

  void askingForMoreThanThereAreGivesEachFirmOnce() {
    for (unsigned seed = 1; seed <= 20; ++seed) {
      std::mt19937 random(seed);
      const auto picked = DealerSelection::pick(supplyChain(), firms(), 50, random);
      QCOMPARE(picked.size(), std::size_t(6));  // F1..F6; the brand is no dealer
      QCOMPARE(std::set<std::string>(picked.begin(), picked.end()).size(), picked.size());
    }
  }

  void firmsMissingFromTheFirmListAreNotPicked() {
    std::mt19937 random(3);
    const auto picked = DealerSelection::pick(supplyChain(), {"F2", "F4"}, 10, random);
    QCOMPARE(std::set<std::string>(picked.begin(), picked.end()),
             std::set<std::string>({"F2", "F4"}));
  }

  void portfoliosOfOneSeedAndAnotherSizeHaveTheirOwnKeys() {
    // The same seed with another size draws other content: it must not reuse the keys.
    QVERIFY(DemoPortfolio::name(1, 30) != DemoPortfolio::name(1, 60));
    QCOMPARE(DemoPortfolio::name(1, 30), std::string("demo-1-30"));
    QVERIFY(DemoPortfolio::defaultDirectory(1, 30) != DemoPortfolio::defaultDirectory(1, 60));
  }
};

QTEST_GUILESS_MAIN(TestDealerSelection)
#include "TestDealerSelection.moc"
