#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "CropCalendar.h"
#include "RegionalDrought.h"

using namespace aviary::satellite;

namespace {

constexpr int kColumns = 10, kRows = 6;
constexpr double kStepDegrees = 0.001;  // about 100 m between parcel centres

// A 10 x 6 grid of parcels of three crops, every season about normal (index 0.97-1.03).
std::vector<ParcelResult> grid() {
  const char* crops[] = {"maize_spring", "soybean", "cotton"};
  std::vector<ParcelResult> results;
  for (int row = 0; row < kRows; ++row)
    for (int column = 0; column < kColumns; ++column) {
      ParcelResult r;
      r.parcelId = "p" + std::to_string(row) + "_" + std::to_string(column);
      r.system = crops[(row + column) % 3];
      r.longitude = 112 + column * kStepDegrees;
      r.latitude = 30 + row * kStepDegrees;
      r.judgement.seasonYieldIndex = {1.0 + 0.03 * std::sin(row * 7 + column * 3)};
      r.judgement.condition = "favourable";
      results.push_back(r);
    }
  return results;
}

ParcelResult& at(std::vector<ParcelResult>& results, int row, int column) {
  return results[row * kColumns + column];
}

bool hasDrought(const ParcelResult& r) {
  return std::any_of(r.judgement.hazards.begin(), r.judgement.hazards.end(),
                     [](const HazardEvent& h) { return h.type == "drought"; });
}

}  // namespace

class TestRegionalDrought : public QObject {
  Q_OBJECT

 private slots:
  void aShortfallSharedWithNeighboursIsADrought() {
    auto results = grid();
    // A dry corner: 4 x 4 parcels 0.3 short; one parcel far from it as short, alone.
    for (int row = 0; row < 4; ++row)
      for (int column = 0; column < 4; ++column)
        at(results, row, column).judgement.seasonYieldIndex = {0.7};
    at(results, 4, 8).judgement.seasonYieldIndex = {0.7};
    const int found = RegionalDrought::find(results, CropCalendar::shipped(), 2026);
    QVERIFY2(found >= 4 && found <= 16, std::to_string(found).c_str());
    QVERIFY(hasDrought(at(results, 1, 1)));
    const HazardEvent& h = at(results, 1, 1).judgement.hazards.front();
    QCOMPARE(h.basis, std::string(RegionalDrought::kBasis));
    QCOMPARE(h.type, std::string("drought"));
    QVERIFY(h.startDay < h.endDay && h.start.rfind("2026-", 0) == 0);
    QVERIFY(h.severity > 0.2 && h.severity < 0.4);
    QCOMPARE(*at(results, 1, 1).judgement.condition, std::string("poor"));
    // The lone short field is poorer, not parched; nothing outside the corner gets one.
    for (int row = 0; row < kRows; ++row)
      for (int column = 0; column < kColumns; ++column)
        if (row >= 4 || column >= 4)
          QVERIFY2(!hasDrought(at(results, row, column)),
                   at(results, row, column).parcelId.c_str());
  }

  void aPlotSeenThroughItsNeighboursIsLeftAlone() {
    auto results = grid();
    for (int row = 0; row < 4; ++row)
      for (int column = 0; column < 4; ++column)
        at(results, row, column).judgement.seasonYieldIndex = {0.7};
    // Two plots in the dry corner: one whose looks were 0.6 its own, one 0.8.
    auto seenAs = [](ParcelResult& r, double purity) {
      for (int day : {150, 180, 210}) {
        Observation o;
        o.dayOfYear = day;
        o.clearFraction = 1;
        o.purity = purity;
        r.series.observations.push_back(o);
      }
    };
    seenAs(at(results, 1, 1), 0.6);
    seenAs(at(results, 1, 2), 0.8);
    RegionalDrought::find(results, CropCalendar::shipped(), 2026);
    QVERIFY(!hasDrought(at(results, 1, 1)));
    QVERIFY(hasDrought(at(results, 1, 2)));
  }

  void aHazardOfItsOwnStands() {
    auto results = grid();
    for (int row = 0; row < 4; ++row)
      for (int column = 0; column < 4; ++column)
        at(results, row, column).judgement.seasonYieldIndex = {0.7};
    at(results, 1, 1)
        .judgement.hazards.push_back({"pest", 200, 210, "2026-07-19", "2026-07-29", 0.5});
    RegionalDrought::find(results, CropCalendar::shipped(), 2026);
    QCOMPARE(at(results, 1, 1).judgement.hazards.size(), std::size_t(1));
    QCOMPARE(at(results, 1, 1).judgement.hazards.front().type, std::string("pest"));
    QVERIFY(hasDrought(at(results, 1, 2)));  // its neighbour, in the same dry corner, gets one
  }

  void aFewParcelsOrUnplantedOnesAreLeftAlone() {
    // One farmer's eight parcels, all short: no neighbours to compare, no crop medians.
    auto results = grid();
    results.resize(8);
    for (auto& r : results) r.judgement.seasonYieldIndex = {0.6};
    QCOMPARE(RegionalDrought::find(results, CropCalendar::shipped(), 2026), 0);
    // Fallow, failed and unplaced parcels take no part.
    auto all = grid();
    for (auto& r : all) r.judgement.seasonYieldIndex = {0.6};
    at(all, 0, 0).system = "fallow";
    at(all, 0, 1).error = "no clear scene";
    at(all, 0, 2).longitude = NAN;
    RegionalDrought::find(all, CropCalendar::shipped(), 2026);
    QVERIFY(!hasDrought(at(all, 0, 0)) && !hasDrought(at(all, 0, 1)) && !hasDrought(at(all, 0, 2)));
    // All of a batch short alike is no shortfall against the batch: crops.csv's judge says
    // whether the whole region is parched.
    QVERIFY(!hasDrought(at(all, 3, 3)));
  }
};

QTEST_GUILESS_MAIN(TestRegionalDrought)
#include "TestRegionalDrought.moc"
