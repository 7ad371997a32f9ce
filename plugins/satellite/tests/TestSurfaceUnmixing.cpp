#include <QtTest>

#include <cmath>

#include "CropCalendar.h"
#include "Observation.h"
#include "ParcelTimeSeries.h"
#include "SurfaceUnmixing.h"

using namespace aviary::satellite;

namespace {

std::array<double, 7> mixture(double soil, double vegetation, double water, double cloud) {
  const Endmembers& em = CropCalendar::shipped().endmembers();
  std::array<double, 7> r{};
  for (int b = 0; b < 7; ++b)
    r[b] = soil * em.soil[b] + vegetation * em.vegetation[b] + water * em.water[b] +
           cloud * em.cloud[b];
  return r;
}

// Fresh snow (Sentinel-2 bands as Observation.h orders them): bright but for the SWIR.
constexpr std::array<double, 7> kSnow = {0.90, 0.88, 0.85, 0.82, 0.74, 0.10, 0.08};

std::array<double, 7> withSnow(double snow, const std::array<double, 7>& ground) {
  std::array<double, 7> r{};
  for (int b = 0; b < 7; ++b) r[b] = snow * kSnow[b] + (1 - snow) * ground[b];
  return r;
}

}  // namespace

class TestSurfaceUnmixing : public QObject {
  Q_OBJECT

  const SurfaceUnmixing unmixing{CropCalendar::shipped().endmembers()};

 private slots:
  void recoversTheFractionsOfAMixture() {
    const auto f = unmixing.unmix(mixture(0.3, 0.45, 0.2, 0.05));
    QVERIFY(std::abs(f.soil - 0.3) < 1e-6);
    QVERIFY(std::abs(f.vegetation - 0.45) < 1e-6);
    QVERIFY(std::abs(f.water - 0.2) < 1e-6);
    QVERIFY(std::abs(f.cloud - 0.05) < 1e-6);
    QVERIFY(f.residual < 1e-6);
    QVERIFY(std::abs(unmixing.openWater(mixture(0.3, 0.45, 0.2, 0.05)) - 0.2 / 0.95) < 1e-6);
  }

  void noFractionIsNegative() {
    // Brighter than any end-member in the red: no exact fit, the nearest non-negative one.
    auto r = mixture(0.5, 0.5, 0, 0);
    r[2] += 0.08;
    const auto f = unmixing.unmix(r);
    for (double x : {f.soil, f.vegetation, f.water, f.cloud}) QVERIFY(x >= 0);
    QVERIFY(f.residual > 0);
  }

  void shadowIsNotWater() {
    // Cloud shadow darkens the whole mixture to about 30%: dark like water, but not its shape.
    auto shadow = mixture(0.4, 0.6, 0, 0);
    for (double& v : shadow) v *= 0.3;
    QVERIFY2(unmixing.openWater(shadow) < 0.05,
             qPrintable(QString::number(unmixing.openWater(shadow))));
  }

  void mostlyCloudTellsNothing() {
    QVERIFY(std::isnan(unmixing.openWater(mixture(0.05, 0.05, 0.1, 0.8))));
    QVERIFY(unmixing.openWater(mixture(0.1, 0.2, 0.6, 0.1)) > 0.6);
    // A sensor without the red edge (Landsat) still tells water from ground on six bands;
    // with three bands gone, four end-members cannot be told apart.
    auto noRedEdge = mixture(0.2, 0.1, 0.7, 0);
    noRedEdge[3] = NAN;
    QVERIFY(std::abs(unmixing.openWater(noRedEdge) - 0.7) < 0.02);
    auto missing = mixture(0.5, 0.5, 0, 0);
    missing[1] = missing[3] = missing[4] = NAN;
    QVERIFY(std::isnan(unmixing.openWater(missing)));
  }

  void thinCloudIsTakenOut() {
    // A green canopy (NDVI about 0.8) under 20% thin cloud the mask missed reads about 0.55.
    const auto clear = mixture(0.1, 0.9, 0, 0);
    auto seen = clear;
    const Endmembers& em = CropCalendar::shipped().endmembers();
    for (int b = 0; b < 7; ++b) seen[b] = 0.8 * clear[b] + 0.2 * em.cloud[b];
    const auto ndvi = [](const std::array<double, 7>& r) {
      return (r[kB08] - r[kB04]) / (r[kB08] + r[kB04]);
    };
    QVERIFY(ndvi(clear) - ndvi(seen) > 0.2);
    double share = 0;
    const auto ground = unmixing.withoutCloud(seen, share);
    QVERIFY2(std::abs(share - 0.2) < 1e-6, qPrintable(QString::number(share)));
    QVERIFY(std::abs(ndvi(ground) - ndvi(clear)) < 1e-6);
    for (int b = 0; b < 7; ++b) QVERIFY(std::abs(ground[b] - clear[b]) < 1e-6);
    // A clear mixture is left as it is.
    const auto same = unmixing.withoutCloud(clear, share);
    QCOMPARE(share, 0.0);
    for (int b = 0; b < 7; ++b) QCOMPARE(same[b], clear[b]);
  }

  void snowIsNotWater() {
    // The edges of a snow cover, which the SCL's snow class misses, mix snow with the ground:
    // dark in SWIR like water, so that the unmixing finds water under "cloud".
    const auto snowySoil = withSnow(0.4, mixture(1, 0, 0, 0));
    const auto snowyWheat = withSnow(0.4, mixture(0.5, 0.5, 0, 0));
    QVERIFY2(unmixing.openWater(snowyWheat) > 0.5,
             qPrintable(QString::number(unmixing.openWater(snowyWheat))));
    QVERIFY(SurfaceUnmixing::snowLike(snowySoil));
    QVERIFY(SurfaceUnmixing::snowLike(snowyWheat));
    // Water stays water: open, under a half-drowned canopy, turbid, or under thin cloud.
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(0, 0, 1, 0)));
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(0.2, 0.2, 0.6, 0)));
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(0.5, 0, 0.5, 0)));
    for (double cloud : {0.2, 0.3, 0.4, 0.5, 0.6})
      QVERIFY2(!SurfaceUnmixing::snowLike(mixture(0, 0, 1 - cloud, cloud)),
               qPrintable(QString::number(cloud)));
    // ... and ground and cloud are no snow.
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(1, 0, 0, 0)));
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(0.2, 0.8, 0, 0)));
    QVERIFY(!SurfaceUnmixing::snowLike(mixture(0, 0, 0, 1)));

    // A look read as the assessor reads it: snow has no open water, and the series leaves it
    // out as snow, not as haze or cloud.
    Observation look;
    look.coveredFraction = look.clearFraction = 1;
    look.reflectance = snowyWheat;
    unmixing.readLook(look);
    QVERIFY(look.snow);
    QVERIFY(std::isnan(look.openWater));
    Observation flooded;
    flooded.coveredFraction = flooded.clearFraction = 1;
    flooded.reflectance = mixture(0.2, 0.2, 0.6, 0);
    unmixing.readLook(flooded);
    QVERIFY(!flooded.snow);
    QVERIFY(std::abs(flooded.openWater - 0.6) < 1e-6);
    std::vector<Observation> looks;
    for (int day = 5; day <= 365; day += 10) {
      Observation o = flooded;
      o.reflectance = mixture(0.5, 0.5, 0, 0);
      o.year = 2026;
      o.dayOfYear = day;
      o.date = "day" + std::to_string(day);
      o.snow = day == 25;
      looks.push_back(o);
    }
    const ParcelTimeSeries series = ParcelTimeSeries::build(looks);
    int rejected = 0;
    for (const Observation& o : series.observations)
      if (o.rejected) {
        ++rejected;
        QCOMPARE(o.dayOfYear, 25);
        QCOMPARE(o.rejectReason, std::string("snow"));
      }
    QCOMPARE(rejected, 1);
  }
};

QTEST_GUILESS_MAIN(TestSurfaceUnmixing)
#include "TestSurfaceUnmixing.moc"
