#include <QtTest>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "ClearObservation.h"
#include "CropCalendar.h"
#include "ParcelTimeSeries.h"
#include "RegionPeerCurves.h"
#include "SeasonJudge.h"

using namespace aviary::satellite;
using aviary::satellite::testing::observation;

namespace {

const CropSystem& maizeSystem() {
  return *CropCalendar::shipped().find("maize_spring");
}

// Spring maize planted `shift` days late, knocked down by `fall` from `fallDay` on, seen every
// 6 days.
ParcelTimeSeries maize(double shift, int fallDay = 999, double fall = 0) {
  const CropSeason& s = maizeSystem().seasons[0];
  const double base = s.floor();
  std::vector<Observation> observations;
  for (int day = 3; day <= 363; day += 6) {
    double v = CropCalendar::normalNdvi(maizeSystem(), day, shift);
    if (day >= fallDay) v = std::max(base, v - fall);
    observations.push_back(observation(day, v));
  }
  return ParcelTimeSeries::build(std::move(observations));
}

// Spring maize planted `shift` days late whose rise above its floor is `amplitude` of
// crops.csv's, seen every 6 days.
ParcelTimeSeries scaledMaize(double shift, double amplitude) {
  const CropSeason& s = maizeSystem().seasons[0];
  const double base = s.floor();
  std::vector<Observation> observations;
  for (int day = 3; day <= 363; day += 6)
    observations.push_back(observation(
        day, base + amplitude * (CropCalendar::normalNdvi(maizeSystem(), day, shift) - base)));
  return ParcelTimeSeries::build(std::move(observations));
}

// The same on brighter ground: its bare floor `lift` higher, less so as the canopy closes over
// it (none at crops.csv's peak).
ParcelTimeSeries scaledMaizeOnBrightGround(double shift, double amplitude, double lift) {
  const CropSeason& s = maizeSystem().seasons[0];
  const double base = s.floor();
  std::vector<Observation> observations;
  for (int day = 3; day <= 363; day += 6) {
    const double rise = CropCalendar::normalNdvi(maizeSystem(), day, shift) - base;
    observations.push_back(observation(
        day, base + amplitude * rise + lift * std::max(0.0, 1 - rise / (s.peak - base))));
  }
  return ParcelTimeSeries::build(std::move(observations));
}

// The first day the curve rises through half-way between its floor and its top.
int halfRiseDay(const std::vector<double>& curve) {
  const auto [low, high] = std::minmax_element(curve.begin(), curve.end());
  const double half = (*low + *high) / 2;
  for (std::size_t d = 0; d < curve.size(); ++d)
    if (curve[d] >= half) return static_cast<int>(d) + 1;
  return -1;
}

std::vector<std::pair<std::string, const ParcelTimeSeries*>> group(
    const std::vector<ParcelTimeSeries>& series, const std::string& system = "maize_spring") {
  std::vector<std::pair<std::string, const ParcelTimeSeries*>> out;
  for (const auto& s : series) out.emplace_back(system, &s);
  return out;
}

}  // namespace

class TestRegionPeerCurves : public QObject {
  Q_OBJECT

 private slots:
  void aBadSeasonsHarmedMajorityDoesNotLowerTheNormal() {
    // Six of ten fields lose 0.3 of NDVI from day 215 on: a median would follow them; the
    // peer curve stays at the unharmed fields' level.
    std::vector<ParcelTimeSeries> series;
    for (int i = 0; i < 10; ++i) series.push_back(maize(i % 3 - 1, i < 6 ? 215 : 999, 0.3));
    const RegionPeerCurves peers = RegionPeerCurves::build(group(series));
    const std::vector<double>* curve = peers.curve("maize_spring");
    QVERIFY(curve);
    QCOMPARE(peers.groups().at("maize_spring").parcels, 10);
    for (int day : {225, 240, 255}) {
      const double unharmed = series[9].ndvi[day - 1], harmed = series[0].ndvi[day - 1];
      QVERIFY2(std::abs((*curve)[day - 1] - unharmed) < 0.03 && unharmed - harmed > 0.2,
               qPrintable(QString("day %1: peer %2, unharmed %3, harmed %4")
                              .arg(day)
                              .arg((*curve)[day - 1])
                              .arg(unharmed)
                              .arg(harmed)));
    }
  }

  void fieldsPlantedApartAreAlignedBeforeTheQuantile() {
    // Plantings 24 days apart: an upper quantile of the unaligned curves would rise with the
    // earliest fields; aligned, the peer curve rises with the group's median one.
    std::vector<ParcelTimeSeries> series;
    for (int i = 0; i < 9; ++i) series.push_back(maize(-12 + 3 * i));
    const RegionPeerCurves peers = RegionPeerCurves::build(group(series));
    QVERIFY(peers.curve("maize_spring"));
    const int peer = halfRiseDay(*peers.curve("maize_spring"));
    const int median = halfRiseDay(series[4].ndvi);
    QVERIFY2(std::abs(peer - median) <= 3, qPrintable(QString("%1 vs %2").arg(peer).arg(median)));
  }

  void aFewParcelsGiveNoCurve() {
    std::vector<ParcelTimeSeries> series;
    for (int i = 0; i < RegionPeerCurves::kMinParcels - 1; ++i) series.push_back(maize(0));
    // A series with too few clear looks is not counted, whatever the group's size.
    std::vector<Observation> few;
    for (int day = 100; day < 100 + 6 * (RegionPeerCurves::kMinClear - 1); day += 6)
      few.push_back(observation(day, 0.5));
    series.push_back(ParcelTimeSeries::build(std::move(few)));
    const RegionPeerCurves peers = RegionPeerCurves::build(group(series));
    QVERIFY(!peers.curve("maize_spring"));
    QCOMPARE(peers.groups().at("maize_spring").parcels, RegionPeerCurves::kMinParcels - 1);
    QVERIFY(!peers.curve("soybean"));
  }

  void theJudgeKeepsCropsCsvsFindingsAndAddsNoFalseOne() {
    std::vector<ParcelTimeSeries> series;
    for (int i = 0; i < 10; ++i) series.push_back(maize(i % 5 - 2));
    const RegionPeerCurves peers = RegionPeerCurves::build(group(series));
    const std::vector<double>* curve = peers.curve("maize_spring");
    QVERIFY(curve);
    const SeasonJudgement normal =
        SeasonJudge::judge(maize(1), maizeSystem(), 10, 2026, 365, std::nullopt, curve);
    QVERIFY(normal.hazards.empty());
    const SeasonJudgement hit =
        SeasonJudge::judge(maize(1, 212, 0.25), maizeSystem(), 10, 2026, 365, std::nullopt, curve);
    QCOMPARE(static_cast<int>(hit.hazards.size()), 1);
    QCOMPARE(QString::fromStdString(hit.hazards[0].type), QString("pest"));
    QVERIFY(hit.hazards[0].basis.empty());  // crops.csv's curve showed it
    QCOMPARE(QString::fromStdString(hit.condition.value_or("")), QString("poor"));
  }

  void aLusherRegionsCurveShowsADroughtCropsCsvsCurveMissed() {
    // This region's maize rises 1.2 times as high as crops.csv's. A field rising 0.62 of its
    // peers' is a drought there, though it still reaches 0.74 of crops.csv's normal.
    std::vector<ParcelTimeSeries> series;
    for (int i = 0; i < 10; ++i) series.push_back(scaledMaize(i % 5 - 2, 1.2));
    const RegionPeerCurves peers = RegionPeerCurves::build(group(series));
    const std::vector<double>* curve = peers.curve("maize_spring");
    QVERIFY(curve);
    const ParcelTimeSeries shortField = scaledMaize(1, 0.62 * 1.2);
    QVERIFY(SeasonJudge::judge(shortField, maizeSystem(), 10, 2026).hazards.empty());
    const SeasonJudgement j =
        SeasonJudge::judge(shortField, maizeSystem(), 10, 2026, 365, std::nullopt, curve);
    QCOMPARE(static_cast<int>(j.hazards.size()), 1);
    QCOMPARE(QString::fromStdString(j.hazards[0].type), QString("drought"));
    QCOMPARE(QString::fromStdString(j.hazards[0].basis), QString(RegionPeerCurves::kBasis));
    QCOMPARE(QString::fromStdString(j.condition.value_or("")), QString("poor"));
    // Its unharmed peers stay clear against their own curve.
    QVERIFY(SeasonJudge::judge(series[3], maizeSystem(), 10, 2026, 365, std::nullopt, curve)
                .hazards.empty());
  }

  void brighterGroundAroundDoesNotDeepenADrought() {
    // The same lusher region twice: once on ordinary ground, once with two fields in five on
    // bare ground 0.08 brighter, which lifts the peer curve's floor (its upper quantile) but
    // not its peak. A drought on ordinary ground measures nearly the same against either:
    // 0.38 against 0.33 (the peer floor's lift over the weeks before green-up still counts in
    // the normal's integral); measured above the peer curve's own floor it read 0.46.
    std::vector<ParcelTimeSeries> ordinary, brighter;
    for (int i = 0; i < 10; ++i) {
      ordinary.push_back(scaledMaizeOnBrightGround(i % 5 - 2, 1.2, 0));
      brighter.push_back(scaledMaizeOnBrightGround(i % 5 - 2, 1.2, i % 5 < 2 ? 0.08 : 0));
    }
    const RegionPeerCurves ordinaryPeers = RegionPeerCurves::build(group(ordinary));
    const RegionPeerCurves brighterPeers = RegionPeerCurves::build(group(brighter));
    const std::vector<double>* ordinaryCurve = ordinaryPeers.curve("maize_spring");
    const std::vector<double>* brighterCurve = brighterPeers.curve("maize_spring");
    QVERIFY(ordinaryCurve && brighterCurve);
    QVERIFY((*brighterCurve)[30] > (*ordinaryCurve)[30] + 0.05);  // the floor, in January
    const ParcelTimeSeries shortField = scaledMaize(1, 0.62 * 1.2);
    auto severity = [&](const std::vector<double>* curve) {
      const SeasonJudgement j =
          SeasonJudge::judge(shortField, maizeSystem(), 10, 2026, 365, std::nullopt, curve);
      return j.hazards.size() == 1 && j.hazards[0].type == "drought" ? j.hazards[0].severity : -1.0;
    };
    const double onOrdinary = severity(ordinaryCurve), amidBrighter = severity(brighterCurve);
    QVERIFY2(onOrdinary > 0 && std::abs(amidBrighter - onOrdinary) < 0.06,
             qPrintable(QString("%1 vs %2").arg(amidBrighter).arg(onOrdinary)));
  }
};

QTEST_GUILESS_MAIN(TestRegionPeerCurves)
#include "TestRegionPeerCurves.moc"
