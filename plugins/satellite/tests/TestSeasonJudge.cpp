#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ClearObservation.h"
#include "CropCalendar.h"
#include "ParcelResult.h"
#include "ParcelResultJson.h"
#include "ParcelTimeSeries.h"
#include "SeasonJudge.h"
#include "SurfaceUnmixing.h"

using namespace aviary::satellite;
namespace fs = std::filesystem;
using aviary::satellite::testing::observation;

namespace {

// Spring maize planted `shift` days late, scaled to `amplitude` of its normal, and knocked
// down by `fall` from `fallDay` on (until harvest), seen every 9 days but for the days
// from `cloudy.first` to `cloudy.second`.
ParcelTimeSeries maize(double shift, double amplitude, int fallDay, double fall,
                       std::pair<int, int> cloudy = {0, -1}) {
  const CropSystem& system = *CropCalendar::shipped().find("maize_spring");
  const CropSeason& s = system.seasons[0];
  const double base = s.floor();
  std::vector<Observation> observations;
  for (int day = 4; day <= 360; day += 9) {
    if (day >= cloudy.first && day <= cloudy.second) continue;
    double v = CropCalendar::normalNdvi(system, day, shift);
    v = base + amplitude * (v - base);
    if (day >= fallDay && day <= *s.harvest + shift) v = std::max(base, v - fall);
    observations.push_back(observation(day, v));
  }
  return ParcelTimeSeries::build(std::move(observations));
}

// The series of `observations`, each look's open-water share unmixed from its reflectance as
// the scene reader does it.
ParcelTimeSeries withOpenWater(std::vector<Observation> observations) {
  const SurfaceUnmixing unmixing(CropCalendar::shipped().endmembers());
  ParcelTimeSeries series = ParcelTimeSeries::build(std::move(observations));
  for (Observation& o : series.observations) o.openWater = unmixing.openWater(o.reflectance);
  return series;
}

int count(const SeasonJudgement& j, const std::string& type) {
  return static_cast<int>(std::count_if(j.hazards.begin(), j.hazards.end(),
                                        [&](const HazardEvent& h) { return h.type == type; }));
}

}  // namespace

class TestSeasonJudge : public QObject {
  Q_OBJECT

  const CropSystem& maizeSystem() { return *CropCalendar::shipped().find("maize_spring"); }

 private slots:
  void theCurveHoldsItsLevelBeyondTheLastObservation() {
    // Nothing seen after an autumn harvest (cloud until December) or before a spring one:
    // the smoothed curve must not run on along its last slope (it reached NDVI -0.9).
    std::vector<Observation> observations;
    for (int day = 60; day <= 290; day += 10)
      observations.push_back(
          observation(day, day < 200 ? 0.2 + (day - 60) * 0.004 : 0.76 - (day - 200) * 0.006));
    const ParcelTimeSeries series = ParcelTimeSeries::build(std::move(observations));
    const double lowest = *std::min_element(series.ndvi.begin(), series.ndvi.end());
    QVERIFY2(lowest > 0.15, qPrintable(QString::number(lowest)));
    QVERIFY(std::abs(series.ndvi[364] - series.ndvi[289]) < 1e-9);
    QVERIFY(std::abs(series.ndvi[0] - series.ndvi[59]) < 1e-9);
  }

  void twoTilesOfOneDayAreOneLook() {
    // Overlapping tiles of one pass: the same day twice, once cut by the tile's edge.
    std::vector<Observation> observations;
    for (int day = 10; day <= 100; day += 10) observations.push_back(observation(day, 0.3));
    Observation edge = observation(50, 0.8);
    edge.itemId = "other-tile";
    edge.coveredFraction = edge.clearFraction = 0.4;
    observations.insert(observations.begin() + 2, edge);
    const ParcelTimeSeries series = ParcelTimeSeries::build(std::move(observations));
    QCOMPARE(series.total, 10);
    QCOMPARE(series.clear, 10);
    const auto day50 = std::find_if(series.observations.begin(), series.observations.end(),
                                    [](const Observation& o) { return o.dayOfYear == 50; });
    QVERIFY(day50 != series.observations.end());
    // One look whose reflectance mixes both tiles', weighted by what each shows clearly.
    const double ndvi = series.indices[day50 - series.observations.begin()].ndvi;
    QVERIFY2(ndvi > 0.35 && ndvi < 0.75, std::to_string(ndvi).c_str());
    QCOMPARE(day50->clearFraction, 1.0);
  }

  void aLeapYearsLastDayIsReadOnTheYearsLastDay() {
    // Scenes of 2024 ran to December 31, day 366: judging them wrote past the daily curves
    // and broke the heap (scenes of an independent generator).
    std::vector<Observation> observations;
    for (int day = 6; day < 366; day += 8) observations.push_back(observation(day, 0.25));
    observations.push_back(observation(365, 0.25));
    observations.push_back(observation(366, 0.45));
    for (Observation& o : observations) o.year = 2024;
    const ParcelTimeSeries series = ParcelTimeSeries::build(std::move(observations));
    QCOMPARE(series.total, 46);  // December 30 and 31 are one look
    QCOMPARE(series.observations.back().dayOfYear, ParcelTimeSeries::kDays);
    // ... which reads both: the judge indexes its daily curves by the series' days.
    const double ndvi = series.indices.back().ndvi;
    QVERIFY2(ndvi > 0.3 && ndvi < 0.4, std::to_string(ndvi).c_str());
  }

  void aSuddenLastingFallIsAPest() {
    const SeasonJudgement j = SeasonJudge::judge(maize(6, 1.0, 212, 0.25), maizeSystem(), 10, 2026);
    QCOMPARE(count(j, "pest"), 1);
    const auto pest = std::find_if(j.hazards.begin(), j.hazards.end(),
                                   [](const HazardEvent& h) { return h.type == "pest"; });
    // Dated from the last observation before the fall to the first one after it.
    QVERIFY2(pest->startDay <= 212 && pest->endDay >= 212 && pest->endDay - pest->startDay <= 18,
             qPrintable(QString("%1..%2").arg(pest->startDay).arg(pest->endDay)));
    QVERIFY(std::abs(j.shiftDays - 6) <= 3);  // the fall does not pass for early senescence
  }

  void theRegionsCalendarAlignsASeasonAPestCutEarly() {
    // Maize planted 10 days early is knocked down by 0.2 on day 180, on its rise: its own
    // green-up reads earlier still, and aligned there the fall passes for the season's timing.
    // Its region plants 4 days early (RegionCalendar over the batch): aligned within
    // kRegionShiftDays of that, the fall is a pest.
    const ParcelTimeSeries hit = maize(-10, 1.0, 180, 0.2);
    const SeasonJudgement j = SeasonJudge::judge(hit, maizeSystem(), 10, 2026, 365, -4.0);
    QCOMPARE(count(j, "pest"), 1);
    QVERIFY2(std::abs(j.shiftDays + 4) <= 10, qPrintable(QString::number(j.shiftDays)));
    // A normal field of that region: no hazard, aligned on its own planting.
    const SeasonJudgement normal =
        SeasonJudge::judge(maize(-10, 1.0, 999, 0), maizeSystem(), 10, 2026, 365, -4.0);
    QVERIFY(normal.hazards.empty());
    QVERIFY2(std::abs(normal.shiftDays + 10) <= 3, qPrintable(QString::number(normal.shiftDays)));
  }

  void declaredCropsAreReadByCodeOrName() {
    // Farmers declare crops as they call them; a name that fits several systems matches any.
    const auto& calendar = CropCalendar::shipped();
    using Named = std::vector<std::string>;
    QCOMPARE(calendar.systemsNamed("maize_spring"), Named{"maize_spring"});
    QCOMPARE(calendar.systemsNamed("Spring Maize"), Named{"maize_spring"});
    QCOMPARE(calendar.systemsNamed("春玉米"), Named{"maize_spring"});
    QCOMPARE(calendar.systemsNamed("apple"), Named{"apple"});
    QCOMPARE(calendar.systemsNamed("potato"), Named{"potato"});  // not sweet potato as well
    QCOMPARE(calendar.systemsNamed("未种植"), Named{"fallow"});
    QCOMPARE(calendar.systemsNamed("撂荒/未种植"), Named{"fallow"});  // crops.csv's own name
    Named maize = calendar.systemsNamed("玉米");
    std::sort(maize.begin(), maize.end());
    QCOMPARE(maize, (Named{"maize_spring", "wheat_maize"}));
    QCOMPARE(calendar.systemsNamed("maize"), calendar.systemsNamed("玉米"));
    QCOMPARE(calendar.systemsNamed("wheat").size(), std::size_t(2));
    QVERIFY(calendar.systemsNamed("ma").empty());  // a word, not any few letters
    QVERIFY(calendar.systemsNamed(" ").empty());
    // Registers' names in other words and languages (crop_names.csv): Burkina Faso's JECAM
    // survey, Bahia's monthly crops.
    QCOMPARE(calendar.systemsNamed("Corn"), calendar.systemsNamed("maize"));
    QCOMPARE(calendar.systemsNamed("maïs"), calendar.systemsNamed("maize"));
    QCOMPARE(calendar.systemsNamed("Groundnut"), Named{"peanut"});
    QCOMPARE(calendar.systemsNamed("arachide"), Named{"peanut"});
    QCOMPARE(calendar.systemsNamed("红薯"), Named{"sweet_potato"});
    // A longer name holding a crop's names that crop, and the longest name held wins.
    QCOMPARE(calendar.systemsNamed("Young fallow"), Named{"fallow"});
    QCOMPARE(calendar.systemsNamed("Uncultivated soil"), Named{"fallow"});
    QCOMPARE(calendar.systemsNamed("irrigated paddy").size(), std::size_t(4));
    QCOMPARE(calendar.systemsNamed("sweet potato field"), Named{"sweet_potato"});
    QCOMPARE(calendar.systemsNamed("有机茶叶"), Named{"tea"});
    // One character alone does not name a crop inside a longer name: 茶树菇 is a mushroom.
    QCOMPARE(calendar.systemsNamed("茶"), Named{"tea"});
    QVERIFY(calendar.systemsNamed("茶树菇").empty());
    QVERIFY(calendar.systemsNamed("Cowpea").empty());  // no system of crops.csv
    QVERIFY(calendar.systemsNamed("Conversion area").empty());
  }

  void otherCropNamesMustNameASystem() {
    // A lender adds its own names; a typo in a system code is refused with the row.
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    for (const char* file : {"crops.csv", "spectra.csv"})
      fs::copy_file(CropCalendar::resourceDirectory() / file, root / file);
    std::ofstream(root / "crop_names.csv") << "name,system\ncacahuète,peanuts\n";
    try {
      CropCalendar::load(root);
      QFAIL("a name for a system crops.csv lacks was accepted");
    } catch (const std::runtime_error& error) {
      QVERIFY2(std::string(error.what()).find("row 2") != std::string::npos, error.what());
    }
    std::ofstream(root / "crop_names.csv") << "name,system\ncacahuète,peanut\n";
    QCOMPARE(CropCalendar::load(root).systemsNamed("Cacahuète"),
             std::vector<std::string>{"peanut"});
  }

  void aNormalSeasonHasNoHazard() {
    const SeasonJudgement j = SeasonJudge::judge(maize(-8, 1.0, 999, 0), maizeSystem(), 10, 2026);
    QVERIFY(j.hazards.empty());
    QVERIFY(std::abs(j.shiftDays + 8) <= 3);
  }

  void aSlowShortfallIsDroughtNotPest() {
    const SeasonJudgement j = SeasonJudge::judge(maize(0, 0.5, 999, 0), maizeSystem(), 10, 2026);
    QCOMPARE(count(j, "pest"), 0);
    QCOMPARE(count(j, "drought"), 1);
  }

  void aFallCloudsHidIsStillAPest() {
    // Clouds from day 198 to 219 hide a fall of 0.2 on day 205, in a normal and in a
    // stressed field; the rest of the season stays down.
    for (double amplitude : {1.0, 0.8}) {
      const SeasonJudgement j =
          SeasonJudge::judge(maize(4, amplitude, 205, 0.2, {198, 219}), maizeSystem(), 10, 2026);
      QCOMPARE(count(j, "pest"), 1);
      QCOMPARE(count(j, "drought"), 0);
      const auto pest = std::find_if(j.hazards.begin(), j.hazards.end(),
                                     [](const HazardEvent& h) { return h.type == "pest"; });
      // Dated across the cloudy gap.
      QVERIFY2(pest->startDay <= 197 && pest->endDay >= 220,
               qPrintable(QString("%1..%2").arg(pest->startDay).arg(pest->endDay)));
    }
  }

  void aStressedSeasonCutDuringItsRiseIsAPestNotADrought() {
    // A field at 70% of its normal loses 0.3 on day 190, before its peak, under clouds from
    // day 183 to 219: short of its normal like a drought, but by a fall, not a scale.
    const SeasonJudgement j =
        SeasonJudge::judge(maize(4, 0.7, 190, 0.3, {183, 219}), maizeSystem(), 10, 2026);
    QCOMPARE(count(j, "pest"), 1);
    QCOMPARE(count(j, "drought"), 0);
  }

  void anEvergreenWithinTheNaturalPeakSpreadIsNoDrought() {
    // Citrus rises only 0.15 above its 0.55 floor. 65% of that rise is about what the
    // field-to-field spread of peaks (±0.05, crops.md) allows, and no drought; 40% is one.
    const CropSystem& citrus = *CropCalendar::shipped().find("citrus");
    auto season = [&](double amplitude) {
      std::vector<Observation> observations;
      for (int day = 4; day <= 360; day += 9)
        observations.push_back(
            observation(day, 0.55 + amplitude * (CropCalendar::normalNdvi(citrus, day) - 0.55)));
      return SeasonJudge::judge(ParcelTimeSeries::build(std::move(observations)), citrus, 10, 2026);
    };
    QCOMPARE(count(season(0.65), "drought"), 0);
    QCOMPARE(count(season(0.4), "drought"), 1);
  }

  void aNormalSeasonIsFavourableAStressedOneIsNot() {
    // The normal curve, a little lower all year (residual haze, mixed edges): still normal.
    for (double shift : {-8.0, 0.0, 7.0}) {
      const SeasonJudgement normal =
          SeasonJudge::judge(maize(shift, 1.0, 999, 0), maizeSystem(), 10, 2026);
      QVERIFY2(normal.condition == "favourable" || normal.condition == "exceptional",
               normal.condition->c_str());
      QVERIFY(std::abs(normal.yieldIndex - 1) < 0.05);
    }
    // 15% less canopy than normal: below normal; 25% less: poor.
    const SeasonJudgement stressed =
        SeasonJudge::judge(maize(3, 0.85, 999, 0), maizeSystem(), 10, 2026);
    QVERIFY2(stressed.condition == "watch" || stressed.condition == "poor",
             stressed.condition->c_str());
    QVERIFY2(stressed.yieldIndex < SeasonJudge::kFavourable && stressed.yieldIndex > 0.8,
             qPrintable(QString::number(stressed.yieldIndex)));
    const SeasonJudgement weak =
        SeasonJudge::judge(maize(3, 0.75, 999, 0), maizeSystem(), 10, 2026);
    QVERIFY2(weak.condition == "poor", weak.condition->c_str());
    QCOMPARE(count(weak, "drought"), 0);  // a shortfall, not yet a drought
    // A pest costs the season: poor whatever the index says.
    const SeasonJudgement pest =
        SeasonJudge::judge(maize(6, 1.0, 212, 0.25), maizeSystem(), 10, 2026);
    QCOMPARE(*pest.condition, std::string("poor"));
  }

  void waterOnTwoObservationsRunningIsAFlood() {
    // Spring maize with water standing on 60% of the plot (levees, a small plot's edges):
    // MNDWI stays below 0, the unmixed water share does not.
    const CropSystem& system = maizeSystem();
    const Endmembers& em = CropCalendar::shipped().endmembers();
    auto season = [&](std::vector<int> wetDays) {
      std::vector<Observation> observations;
      for (int day = 4; day <= 360; day += 9) {
        Observation o = observation(day, CropCalendar::normalNdvi(system, day, 0));
        if (std::find(wetDays.begin(), wetDays.end(), day) != wetDays.end())
          for (int b = 0; b < 7; ++b)
            o.reflectance[b] =
                0.4 * (0.5 * em.vegetation[b] + 0.5 * em.soil[b]) + 0.6 * em.water[b];
        observations.push_back(o);
      }
      return SeasonJudge::judge(withOpenWater(std::move(observations)), system, 10, 2026);
    };
    const SeasonJudgement flooded = season({193, 202});
    QVERIFY(std::all_of(flooded.hazards.begin(), flooded.hazards.end(),
                        [](const HazardEvent& h) { return h.type == "flood"; }));
    QCOMPARE(count(flooded, "flood"), 1);
    QCOMPARE(flooded.hazards.front().startDay, 193);
    QCOMPARE(flooded.hazards.front().endDay, 202);
    QCOMPARE(*flooded.condition, std::string("poor"));
    // One wet observation is a passing shower's puddles, not a flood (crops.md: two or more).
    QCOMPARE(count(season({193}), "flood"), 0);
  }

  void aBarePaddyFloodedForTransplantingIsNoFlood() {
    // Single rice in a region whose calendar runs 15 days early, so the window aligned on it
    // ends before this field is flooded for transplanting (days 171 and 175, within crops.csv's
    // own window). A bare field then is transplanting; a field with a canopy is flooded.
    const CropSystem& system = *CropCalendar::shipped().find("rice_single");
    const Endmembers& em = CropCalendar::shipped().endmembers();
    auto season = [&](std::vector<int> wetDays, double canopyBefore) {
      std::vector<int> days;
      for (int day = 4; day <= 360; day += 9) days.push_back(day);
      days.insert(days.end(), wetDays.begin(), wetDays.end());
      std::sort(days.begin(), days.end());
      std::vector<Observation> observations;
      for (int day : days) {
        double ndvi = CropCalendar::normalNdvi(system, day, 0);
        if (day >= wetDays.front() - 25 && day < wetDays.front())
          ndvi = std::max(ndvi, canopyBefore);
        Observation o = observation(day, ndvi);
        if (std::find(wetDays.begin(), wetDays.end(), day) != wetDays.end())
          for (int b = 0; b < 7; ++b) o.reflectance[b] = 0.2 * em.soil[b] + 0.8 * em.water[b];
        observations.push_back(o);
      }
      return SeasonJudge::judge(withOpenWater(std::move(observations)), system, 10, 2026, 365,
                                -15.0);
    };
    QCOMPARE(count(season({171, 175}, 0), "flood"), 0);
    QCOMPARE(count(season({171, 175}, 0.6), "flood"), 1);
    QCOMPARE(count(season({196, 200}, 0), "flood"), 1);  // beyond the window: a flood
  }

  void riceGrowingOverItsPaddysWaterIsNoFlood() {
    // Single rice on crops.csv's calendar, its paddy still under water after crops.csv's
    // flooding window (days 140-165) while the rice greens up through it (day 178): the
    // water shows through the young canopy, whose NDVI stays on the normal. Drowned, the crop's
    // NDVI falls far below it; at the season's plateau, water is a flood whatever the NDVI.
    const CropSystem& system = *CropCalendar::shipped().find("rice_single");
    const Endmembers& em = CropCalendar::shipped().endmembers();
    auto season = [&](std::vector<int> wetDays, double canopy) {
      std::vector<Observation> observations;
      for (int day = 4; day <= 360; day += 9) {
        Observation o = observation(day, CropCalendar::normalNdvi(system, day, 0));
        if (std::find(wetDays.begin(), wetDays.end(), day) != wetDays.end())
          for (int b = 0; b < 7; ++b)
            o.reflectance[b] = canopy * em.vegetation[b] + (1 - canopy) * em.water[b];
        observations.push_back(o);
      }
      return SeasonJudge::judge(withOpenWater(std::move(observations)), system, 10, 2026, 365, 0.0);
    };
    QCOMPARE(count(season({184, 193}, 0.4), "flood"), 0);  // NDVI 0.72 on a normal of 0.60-0.72
    QCOMPARE(count(season({184, 193}, 0.05), "flood"), 1);
    QCOMPARE(count(season({220, 229}, 0.4), "flood"), 1);
  }

  void waterSeenOnceThenRecedingIsAFlood() {
    // Water on 80% of the plot on day 193, a third of it still there on day 202, the look of
    // day 184 lost to cloud: the flood seen on two looks running, one of them receding.
    const CropSystem& system = maizeSystem();
    const Endmembers& em = CropCalendar::shipped().endmembers();
    auto season = [&](const std::vector<std::pair<int, double>>& water, int cloudyDay,
                      double clearOnWetDays = 1) {
      std::vector<Observation> observations;
      for (int day = 4; day <= 360; day += 9) {
        if (day == cloudyDay) continue;
        Observation o = observation(day, CropCalendar::normalNdvi(system, day, 0));
        for (const auto& [wetDay, share] : water)
          if (wetDay == day) {
            for (int b = 0; b < 7; ++b)
              o.reflectance[b] = (1 - share) * o.reflectance[b] + share * em.water[b];
            o.clearFraction = clearOnWetDays;
          }
        observations.push_back(o);
      }
      return SeasonJudge::judge(withOpenWater(std::move(observations)), system, 10, 2026);
    };
    const SeasonJudgement receding = season({{193, 0.8}, {202, 0.35}}, 184);
    QCOMPARE(count(receding, "flood"), 1);
    QCOMPARE(receding.hazards.front().startDay, 193);
    QCOMPARE(receding.hazards.front().endDay, 202);
    // Dry nine days before and puddles after: a passing one, not a flood.
    QCOMPARE(count(season({{193, 0.8}, {202, 0.35}}, 0), "flood"), 0);
    // Nothing left on day 202, dry on day 184 too: seen once between dry looks, no flood.
    QCOMPARE(count(season({{193, 0.8}}, 0), "flood"), 0);
    // Nothing left on day 202, the look before lost to cloud: the flood's last days, seen
    // clearly while the maize grows. Through broken cloud, or in winter, a lone wet look
    // is as often rain on bare soil or a shadow.
    const SeasonJudgement lastDays = season({{193, 0.8}}, 184);
    QCOMPARE(count(lastDays, "flood"), 1);
    QCOMPARE(lastDays.hazards.front().startDay, 193);
    QCOMPARE(lastDays.hazards.front().endDay, 193);
    QCOMPARE(count(season({{193, 0.8}}, 184, 0.3), "flood"), 0);
    QCOMPARE(count(season({{40, 0.8}}, 31), "flood"), 0);
  }

  void aSmallPlotSeenWetOnceByAClearLookIsAFlood() {
    // A plot whose looks are 0.6 its own, 80% of it under water on day 193, the looks of days
    // 184 and 202 lost to cloud. A look that saw the plot clearly shows the flood; the clear
    // sliver of a cloudy look does not (there a neighbour's water or a shadow passes for it).
    const CropSystem& system = maizeSystem();
    const Endmembers& em = CropCalendar::shipped().endmembers();
    auto season = [&](double clearOnWetDay) {
      std::vector<Observation> observations;
      for (int day = 4; day <= 360; day += 9) {
        if (day == 184 || day == 202) continue;
        Observation o = observation(day, CropCalendar::normalNdvi(system, day, 0));
        const double own = day == 193 ? 0.8 : 0;
        for (int b = 0; b < 7; ++b)
          o.reflectance[b] =
              0.6 * ((1 - own) * o.reflectance[b] + own * em.water[b]) + 0.4 * em.soil[b];
        o.purity = 0.6;
        if (day == 193) o.clearFraction = clearOnWetDay;
        observations.push_back(o);
      }
      return SeasonJudge::judge(withOpenWater(std::move(observations)), system, 10, 2026);
    };
    QCOMPARE(count(season(1.0), "flood"), 1);
    QCOMPARE(count(season(0.2), "flood"), 0);
  }

  void aMonthInSeasonNoCleanLookSawIsSaidUnseen() {
    // Maize seen every 9 days but for days 190 to 235: from the look of day 184 to that of
    // day 238 a flood or a pest could have come and gone.
    const SeasonJudgement hidden =
        SeasonJudge::judge(maize(0, 1.0, 999, 0, {190, 235}), maizeSystem(), 10, 2026);
    QVERIFY(hidden.seasonUnseen());
    QCOMPARE(hidden.unseenFirstDay, 184);
    QCOMPARE(hidden.unseenLastDay, 238);
    QCOMPARE(hidden.unseenStart, std::string("2026-07-03"));
    const std::string why = SeasonJudge::unseenReason(hidden);
    QVERIFY2(
        why.find("2026-07-03") != std::string::npos && why.find("54 days") != std::string::npos,
        why.c_str());
    // Two weeks missed, or a gap after the season, is no unseen season.
    QVERIFY(!SeasonJudge::judge(maize(0, 1.0, 999, 0, {190, 205}), maizeSystem(), 10, 2026)
                 .seasonUnseen());
    QVERIFY(!SeasonJudge::judge(maize(0, 1.0, 999, 0, {280, 340}), maizeSystem(), 10, 2026)
                 .seasonUnseen());
    QVERIFY(SeasonJudge::unseenReason(SeasonJudgement{}).empty());
    // The flag says the hazards may be incomplete; it does not make the crop uncertain.
    ParcelResult r;
    r.judgement = hidden;
    QCOMPARE(r.reportedFlags(), std::vector<std::string>{ParcelResult::kSeasonUnseen});
    QVERIFY(!r.uncertain());
    // The parcel's line names the crop and the spell, and asks for no referral.
    r.system = "maize_spring";
    const nlohmann::json line = ParcelResultJson::line(r, {"maize_spring"});
    QCOMPARE(line.at("system").get<std::string>(), std::string("maize_spring"));
    QCOMPARE(line.at("flags"), nlohmann::json::array({"season_unseen"}));
    QVERIFY(!line.contains("referral"));
    QCOMPARE(line.at("unseen_spell").at("from").get<std::string>(), std::string("2026-07-03"));
    QCOMPARE(line.at("unseen_spell").at("why").get<std::string>(), why);
    r.flags.emplace_back("crop_unclear");
    QVERIFY(r.uncertain());
  }

  void aPlotSeenMostlyThroughItsNeighboursIsFlagged() {
    // Every look 30% the plot's own ground: flagged, the crop left standing.
    std::vector<Observation> observations;
    for (int day = 5; day <= 365; day += 10) {
      observations.push_back(observation(day, 0.2 + 0.6 * (day > 150 && day < 250)));
      observations.back().purity = 0.3;
    }
    ParcelResult r;
    r.series = ParcelTimeSeries::build(observations);
    QVERIFY(std::abs(r.series.ownSignalShare() - 0.3) < 1e-9);
    QCOMPARE(r.reportedFlags(), std::vector<std::string>{ParcelResult::kMixedPixels});
    QVERIFY(!r.uncertain());
    r.system = "maize_spring";
    const nlohmann::json line = ParcelResultJson::line(r, {"maize_spring"});
    QCOMPARE(line.at("flags"), nlohmann::json::array({"mixed_pixels"}));
    QCOMPARE(line.at("system").get<std::string>(), std::string("maize_spring"));
    // Every other look pure (all wholly clear): about two thirds its own ground.
    for (std::size_t i = 0; i < observations.size(); i += 2) observations[i].purity = 1;
    r.series = ParcelTimeSeries::build(observations);
    QVERIFY(r.series.ownSignalShare() > ParcelResult::kMixedPixelsBelow);
    QVERIFY(r.reportedFlags().empty());
    // No clear look: unknown, not flagged.
    QVERIFY(std::isnan(ParcelTimeSeries{}.ownSignalShare()));
    QVERIFY(ParcelResult{}.reportedFlags().empty());
  }

  void anOrchardKnockedBelowItsCanopyFloorIsAPestEvenLate() {
    // Tea never falls below its 0.55 floor: a fall to 0.33 after its senescence day, seen 15
    // days apart (slower than 0.15 in 10 days), is a pest, not a misaligned senescence.
    const CropSystem& tea = *CropCalendar::shipped().find("tea");
    std::vector<Observation> observations;
    for (int day = 5; day <= 365; day += 15)
      observations.push_back(
          observation(day, day >= 320 ? 0.33 : CropCalendar::normalNdvi(tea, day, 0)));
    const SeasonJudgement j =
        SeasonJudge::judge(ParcelTimeSeries::build(std::move(observations)), tea, 10, 2026);
    QCOMPARE(count(j, "pest"), 1);
  }

  void aDeciduousLeafFallOnAnEvergreensCurveIsNotAPest() {
    // An orchard judged on tea's curve (floor 0.55) that sheds its leaves from day 280 at
    // kiwifruit's pace (down to 0.3): below tea's floor, but at the pace of a senescence.
    const CropSystem& tea = *CropCalendar::shipped().find("tea");
    const CropSystem& kiwifruit = *CropCalendar::shipped().find("kiwifruit");
    for (int every : {5, 9}) {
      std::vector<Observation> observations;
      for (int day = 3; day <= 365; day += every) {
        double v = CropCalendar::normalNdvi(tea, day, 0);
        if (day > 280)
          v += CropCalendar::normalNdvi(kiwifruit, day, 0) -
               CropCalendar::normalNdvi(kiwifruit, 280, 0);
        observations.push_back(observation(day, v));
      }
      const SeasonJudgement j =
          SeasonJudge::judge(ParcelTimeSeries::build(std::move(observations)), tea, 10, 2026);
      QVERIFY2(count(j, "pest") == 0, qPrintable(QString::number(every)));
    }
  }

  void aFallThatRecoversIsNotAPest() {
    // One hazy-looking low observation in mid-season, back to normal on the next ones.
    const CropSystem& system = maizeSystem();
    std::vector<Observation> observations;
    for (int day = 4; day <= 360; day += 9) {
      double v = CropCalendar::normalNdvi(system, day, 0);
      if (day == 211) v -= 0.3;
      observations.push_back(observation(day, v));
    }
    const SeasonJudgement j =
        SeasonJudge::judge(ParcelTimeSeries::build(std::move(observations)), system, 10, 2026);
    QCOMPARE(count(j, "pest"), 0);
  }
};

QTEST_GUILESS_MAIN(TestSeasonJudge)
#include "TestSeasonJudge.moc"
