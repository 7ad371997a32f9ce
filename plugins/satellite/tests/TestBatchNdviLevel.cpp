#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

#include "BatchNdviLevel.h"

using namespace aviary::satellite;

namespace {

const std::vector<std::string> kNames = {"peak_ndvi", "aligned_ndvi_p10", "fit_offset_tea",
                                         "aligned_shape_p10", "greenup"};

// A model that learnt peaks at `learnt`: the further a parcel's peak is from it, the less
// sure it is (two classes; the top probability falls from 0.9 towards 0.5).
BatchNdviLevel::Predict modelLearntAt(double learnt) {
  return [learnt](const std::vector<std::vector<float>>& rows) {
    std::vector<std::vector<double>> p;
    for (const auto& row : rows) {
      const double miss = row[0] - learnt;
      const double top = 0.5 + 0.4 * std::exp(-miss * miss / (2 * 0.02 * 0.02));
      p.push_back({top, 1 - top});
    }
    return p;
  };
}

// `n` parcels whose peaks spread around `peak` (+/- 0.01).
std::vector<std::vector<float>> batch(int n, double peak) {
  std::vector<std::vector<float>> rows;
  for (int i = 0; i < n; ++i) {
    const float v = static_cast<float>(peak + 0.01 * ((i % 5) - 2) / 2);
    rows.push_back({v, v - 0.1f, 0.02f, 0.7f, 120.0f});
  }
  return rows;
}

}  // namespace

class TestBatchNdviLevel : public QObject {
  Q_OBJECT

 private slots:
  void onlyLevelFeaturesMove() {
    QVERIFY(BatchNdviLevel::isLevel("peak_ndvi"));
    QVERIFY(BatchNdviLevel::isLevel("aligned_ndvi_m40"));
    QVERIFY(BatchNdviLevel::isLevel("fit_offset_rice_single"));
    QVERIFY(!BatchNdviLevel::isLevel("aligned_shape_p10"));     // a shape, scaled to its peak
    QVERIFY(!BatchNdviLevel::isLevel("batch_rank_peak_ndvi"));  // a rank, the same moved
    QVERIFY(!BatchNdviLevel::isLevel("amplitude"));
  }

  void aBatchReadHigherIsReadAtTheModelsLevel() {
    auto rows = batch(60, 0.83);
    const BatchNdviLevel level = BatchNdviLevel::estimate(rows, kNames, modelLearntAt(0.80));
    QVERIFY2(std::abs(level.offset() + 0.03) < 1e-9, std::to_string(level.offset()).c_str());
    QVERIFY(level.gain() >= BatchNdviLevel::kMinGain);
    const auto before = rows;
    level.apply(rows);
    QVERIFY(std::abs(rows[0][0] - (before[0][0] - 0.03f)) < 1e-6);
    QVERIFY(std::abs(rows[0][1] - (before[0][1] - 0.03f)) < 1e-6);
    QVERIFY(std::abs(rows[0][2] - (before[0][2] - 0.03f)) < 1e-6);
    QCOMPARE(rows[0][3], before[0][3]);
    QCOMPARE(rows[0][4], before[0][4]);
    QVERIFY(level.describe().find("moved by -0.03") != std::string::npos);
  }

  void aBatchAtTheModelsLevelIsLeftAsItIs() {
    auto rows = batch(60, 0.80);
    const auto before = rows;
    const BatchNdviLevel level = BatchNdviLevel::estimate(rows, kNames, modelLearntAt(0.80));
    QCOMPARE(level.offset(), 0.0);
    level.apply(rows);
    QCOMPARE(rows, before);
    QVERIFY(level.describe().find("left as it is") != std::string::npos);
  }

  void aSmallGainIsNoReasonToMove() {
    // Peaks 0.005 off: moving by 0.01 would not make the model surer by kMinGain.
    const BatchNdviLevel level =
        BatchNdviLevel::estimate(batch(60, 0.805), kNames, modelLearntAt(0.80));
    QCOMPARE(level.offset(), 0.0);
    QVERIFY(level.gain() < BatchNdviLevel::kMinGain);
    QVERIFY(level.describe().find("left as it is") != std::string::npos);
  }

  void aFewParcelsAreLeftAsTheyAre() {
    const BatchNdviLevel level = BatchNdviLevel::estimate(
        batch(BatchNdviLevel::kMinParcels - 1, 0.85), kNames, modelLearntAt(0.80));
    QCOMPARE(level.offset(), 0.0);
    QVERIFY(level.describe().find("too few") != std::string::npos);
  }

  void aLevelOutsideTheSearchStopsAtItsEdge() {
    const BatchNdviLevel level =
        BatchNdviLevel::estimate(batch(400, 0.80 - 0.09), kNames, modelLearntAt(0.80));
    QVERIFY(std::abs(level.offset() - BatchNdviLevel::kMaxOffset) < 1e-9);
  }
};

QTEST_GUILESS_MAIN(TestBatchNdviLevel)
#include "TestBatchNdviLevel.moc"
