#include <QtTest>

#include <vector>

#include "Percentile.h"

using aviary::percentile;

// Nearest rank: every benchmark's p50/p99 means the same thing.
class TestPercentile : public QObject {
  Q_OBJECT

 private slots:
  void nearestRankOfUnsortedValues() {
    std::vector<double> values;
    for (int v = 100; v >= 1; --v) values.push_back(v);
    QCOMPARE(percentile(values, 0.5), 50.0);
    QCOMPARE(percentile(values, 0.99), 99.0);
    QCOMPARE(percentile(values, 1.0), 100.0);
    QCOMPARE(percentile(values, 0.0), 1.0);
  }
  void smallSamplesGiveTheirLargestAsP99() {
    QCOMPARE(percentile({3, 1, 2}, 0.99), 3.0);
    QCOMPARE(percentile({3, 1, 2}, 0.5), 2.0);
    QCOMPARE(percentile({}, 0.5), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestPercentile)
#include "TestPercentile.moc"
