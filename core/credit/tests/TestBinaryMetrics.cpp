#include <QtTest>

#include <cmath>

#include "BinaryMetrics.h"
#include "ProbabilityCalibrator.h"
#include "ReliabilityTable.h"

using namespace aviary;
using namespace aviary::credit;

class TestBinaryMetrics : public QObject {
  Q_OBJECT

 private slots:
  void aucCountsTiesHalf() {
    // Pairs (bad, good): 0.8>0.1, 0.8>0.4, 0.4=0.4 (half), 0.4>0.1 -> 3.5 / 4.
    const auto m = BinaryMetrics::compute({1, 1, 0, 0}, {0.8, 0.4, 0.4, 0.1});
    QCOMPARE(m.auc, 0.875);
    QCOMPARE(m.gini, 0.75);
    QCOMPARE(m.ks, 0.5);
    QCOMPARE(m.bad, std::size_t(2));
  }

  void perfectAndReversedScores() {
    QCOMPARE(BinaryMetrics::compute({0, 0, 1, 1}, {0.1, 0.2, 0.3, 0.9}).auc, 1.0);
    QCOMPARE(BinaryMetrics::compute({0, 0, 1, 1}, {0.1, 0.2, 0.3, 0.9}).ks, 1.0);
    QCOMPARE(BinaryMetrics::compute({1, 1, 0, 0}, {0.1, 0.2, 0.3, 0.9}).auc, 0.0);
  }

  void oneClassIsRefused() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BinaryMetrics::compute({0, 0}, {0.1, 0.2}));
  }

  void plattRecoversAKnownSlopeAndIntercept() {
    // Labels drawn from PD = sigmoid(0.5 * margin - 1) by a fixed deterministic sequence.
    std::vector<double> margins;
    std::vector<int> labels;
    std::uint64_t state = 12345;
    for (int i = 0; i < 20000; ++i) {
      const double margin = -4.0 + 8.0 * (i % 1000) / 1000.0;
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
      margins.push_back(margin);
      labels.push_back(u < 1.0 / (1.0 + std::exp(-(0.5 * margin - 1.0))) ? 1 : 0);
    }
    const auto calibrator = ProbabilityCalibrator::fit(margins, labels);
    QVERIFY2(std::abs(calibrator.slope() - 0.5) < 0.05, std::to_string(calibrator.slope()).c_str());
    QVERIFY2(std::abs(calibrator.intercept() + 1.0) < 0.08,
             std::to_string(calibrator.intercept()).c_str());
  }

  void reliabilityBinsByPredictedPd() {
    std::vector<double> pd;
    std::vector<int> labels;
    for (int i = 0; i < 100; ++i) {
      pd.push_back(i / 100.0);
      labels.push_back(i >= 50 ? 1 : 0);
    }
    const auto table = ReliabilityTable::compute(labels, pd, 10);
    QCOMPARE(table.bins().size(), std::size_t(10));
    QCOMPARE(table.bins()[0].count, std::size_t(10));
    QCOMPARE(table.bins()[0].observedBadRate, 0.0);
    QCOMPARE(table.bins()[9].observedBadRate, 1.0);
    QVERIFY(std::abs(table.bins()[9].meanPredicted - 0.945) < 1e-12);
    QVERIFY(table.toMarkdown().find("| 10 |") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestBinaryMetrics)
#include "TestBinaryMetrics.moc"
