#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "BatchCropMix.h"

using namespace aviary::satellite;

namespace {

constexpr int kClasses = 21;

// A parcel of class `truth`: `top` on it, `partner` on its look-alike (the next class of its
// pair), the rest spread evenly.
std::vector<double> row(int truth, double top, double partner) {
  const int other = truth % 2 == 0 ? std::min(truth + 1, kClasses - 1) : truth - 1;
  std::vector<double> p(kClasses, (1 - top - partner) / (kClasses - 2));
  p[truth] = top;
  p[other] = partner;
  return p;
}

int likeliest(const std::vector<double>& p) {
  return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

// A region that grows crops 0, 2 and 4 (30 parcels each; 8 of crop 0 lean towards its
// look-alike 1), with one parcel of each other crop.
std::vector<std::vector<double>> fewCrops(double top = 0.85, double partner = 0.1) {
  std::vector<std::vector<double>> rows;
  for (int crop : {0, 2, 4})
    for (int i = 0; i < 30; ++i)
      rows.push_back(crop == 0 && i < 8 ? row(1, 0.5, 0.45) : row(crop, top, partner));
  for (int crop = 0; crop < kClasses; ++crop)
    if (crop != 0 && crop != 2 && crop != 4) rows.push_back(row(crop, top, partner));
  return rows;
}

}  // namespace

class TestBatchCropMix : public QObject {
  Q_OBJECT

 private slots:
  void anEvenBatchIsLeftAsItIs() {
    std::vector<std::vector<double>> rows;
    for (int crop = 0; crop < kClasses; ++crop)
      for (int i = 0; i < 10; ++i) rows.push_back(row(crop, 0.85, 0.1));
    const auto before = rows;
    const BatchCropMix mix = BatchCropMix::estimate(rows, {});
    QCOMPARE(mix.strength(), 0.0);
    mix.apply(rows);
    QCOMPARE(rows, before);
    QVERIFY(mix.describe({}).find("left as they are") != std::string::npos);
  }

  void aFewCropsPullTheLookAlikesTowardsThem() {
    auto rows = fewCrops();
    const BatchCropMix mix = BatchCropMix::estimate(rows, {});
    qInfo("%s", mix.describe(std::vector<std::string>(kClasses, "crop")).c_str());
    QVERIFY2(mix.strength() > 0.5, std::to_string(mix.strength()).c_str());
    QVERIFY(mix.shares()[0] > 0.2 && mix.shares()[1] < 0.05);
    mix.apply(rows);
    // The parcels that leaned towards the look-alike the region does not grow now read as
    // the crop it grows ...
    for (int i = 0; i < 8; ++i) QCOMPARE(likeliest(rows[i]), 0);
    // ... while a crop seen clearly keeps its name, rare as it is.
    QCOMPARE(likeliest(rows.back()), kClasses - 1);
    for (const auto& p : rows)
      QVERIFY(std::abs(std::accumulate(p.begin(), p.end(), 0.0) - 1) < 1e-9);
  }

  void aFarmersFewParcelsAreTooFewToTell() {
    auto rows = fewCrops();
    rows.resize(BatchCropMix::kMinParcels - 1);
    const BatchCropMix mix = BatchCropMix::estimate(rows, {});
    QCOMPARE(mix.strength(), 0.0);
    QVERIFY(mix.describe({}).find("too few") != std::string::npos);
  }

  void aBatchTheModelIsUnsureOfKeepsItsProbabilities() {
    // The same mix, but every parcel read with little confidence: EM would sharpen its
    // mistakes.
    auto rows = fewCrops(0.5, 0.3);
    const auto before = rows;
    const BatchCropMix mix = BatchCropMix::estimate(rows, {});
    QCOMPARE(mix.strength(), 0.0);
    QVERIFY(mix.gainPerParcel() > BatchCropMix::kFromGain);
    mix.apply(rows);
    QCOMPARE(rows, before);
    QVERIFY(mix.describe({}).find("unsure") != std::string::npos);
  }

  void aModelTrainedOnTheRegionsOwnMixIsNotPushedFurther() {
    // A model trained on the region's own labels reads the same parcels with the region's
    // shares built in: its probabilities are the even model's reweighted by them.
    auto rows = fewCrops();
    std::vector<double> training(kClasses, 1.0);
    for (int crop : {0, 2, 4}) training[crop] = 30;
    for (double& t : training) t /= 90 + kClasses - 3;
    for (auto& p : rows) {
      double sum = 0;
      for (int c = 0; c < kClasses; ++c) sum += p[c] *= training[c] * kClasses;
      for (double& v : p) v /= sum;
    }
    const BatchCropMix mix = BatchCropMix::estimate(rows, training);
    qInfo("%s", mix.describe(std::vector<std::string>(kClasses, "crop")).c_str());
    QVERIFY2(mix.strength() < 0.2, std::to_string(mix.strength()).c_str());
    // Taken for an even model's, the same rows would be pushed further still.
    QVERIFY(BatchCropMix::estimate(rows, {}).strength() > mix.strength() + 0.3);
  }
};

QTEST_GUILESS_MAIN(TestBatchCropMix)
#include "TestBatchCropMix.moc"
