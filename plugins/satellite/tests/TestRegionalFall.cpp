#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

#include "CalendarDate.h"
#include "RegionalFall.h"

using namespace aviary::satellite;

namespace {

// `count` judged parcels, every season normal and no hazard.
std::vector<ParcelResult> batch(int count) {
  std::vector<ParcelResult> results(count);
  for (int i = 0; i < count; ++i) {
    results[i].parcelId = "p" + std::to_string(i);
    results[i].system = "maize_spring";
    results[i].judgement.condition = "favourable";
    results[i].judgement.yieldIndex = 0.98;
  }
  return results;
}

void addPest(ParcelResult& r, int startDay, int endDay) {
  auto date = [](int day) { return aviary::CalendarDate::fromYearAndDay(2026, day).iso(); };
  r.judgement.hazards.push_back({"pest", startDay, endDay, date(startDay), date(endDay), 0.6});
  r.judgement.condition = "poor";
}

int pests(const std::vector<ParcelResult>& results) {
  int n = 0;
  for (const ParcelResult& r : results)
    n += std::count_if(r.judgement.hazards.begin(), r.judgement.hazards.end(),
                       [](const HazardEvent& h) { return h.type == "pest"; });
  return n;
}

}  // namespace

class TestRegionalFall : public QObject {
  Q_OBJECT

 private slots:
  void aFallATenthOfTheBatchSharesIsNoPest() {
    auto results = batch(100);
    // Ten parcels fall across the same looks (ending within two days of each other); two
    // others each have a pest of their own, one of them at another time.
    for (int i = 0; i < 10; ++i) addPest(results[i], 230, 240 + (i % 3));
    addPest(results[50], 180, 190);
    addPest(results[60], 236, 262);  // ends 20 days after the shared fall
    results[20].judgement.hazards.push_back({"flood", 230, 240, "2026-08-18", "2026-08-28", 0.5});
    QCOMPARE(RegionalFall::clear(results), 10);
    QCOMPARE(pests(results), 2);
    QCOMPARE(results[50].judgement.hazards.size(), std::size_t(1));
    QCOMPARE(results[60].judgement.hazards.size(), std::size_t(1));
    QCOMPARE(results[20].judgement.hazards.size(), std::size_t(1));  // floods are left alone
    // The parcels that fell with the region are judged on their season again, and say why.
    QCOMPARE(*results[0].judgement.condition, std::string("favourable"));
    QCOMPARE(*results[50].judgement.condition, std::string("poor"));
    QCOMPARE(results[0].warnings.size(), std::size_t(1));
    QVERIFY(RegionalFall::tookBack(results[0]) && !RegionalFall::tookBack(results[50]));
    // The fall taken back is kept beside the hazards, as the judge found it.
    QCOMPARE(results[0].judgement.sharedFalls.size(), std::size_t(1));
    QCOMPARE(results[0].judgement.sharedFalls[0].type, std::string("pest"));
    QCOMPARE(results[0].judgement.sharedFalls[0].endDay, 240);
    QVERIFY(results[50].judgement.sharedFalls.empty());
    QVERIFY2(results[0].warnings[0].find("10 of the batch's 100 parcels") != std::string::npos,
             results[0].warnings[0].c_str());
    // The fall's own dates (days 230 and 240 of 2026).
    QVERIFY2(results[0].warnings[0].find("from 2026-08-18 to 2026-08-28") != std::string::npos,
             results[0].warnings[0].c_str());
  }

  void aFallFewerShareIsStillAPest() {
    auto results = batch(100);
    for (int i = 0; i < 9; ++i) addPest(results[i], 230, 240);
    QCOMPARE(RegionalFall::clear(results), 0);
    QCOMPARE(pests(results), 9);
  }

  void aSmallBatchShowsNoRegion() {
    // One farmer's parcels: all struck at once is a storm over the farm, not the region's.
    auto results = batch(RegionalFall::kMinParcels - 1);
    for (std::size_t i = 0; i < results.size(); ++i) addPest(results[i], 230, 240);
    QCOMPARE(RegionalFall::clear(results), 0);
    QCOMPARE(pests(results), RegionalFall::kMinParcels - 1);
  }

  void fallowAndFailedParcelsAreNotCounted() {
    // 40 judged parcels and 60 that no season was judged on: too few to show a region.
    auto results = batch(100);
    for (int i = 40; i < 100; ++i) {
      results[i].judgement.condition.reset();
      if (i % 2) results[i].error = "no clear look";
    }
    for (int i = 0; i < 10; ++i) addPest(results[i], 230, 240);
    QCOMPARE(RegionalFall::clear(results), 0);
  }
};

QTEST_GUILESS_MAIN(TestRegionalFall)
#include "TestRegionalFall.moc"
