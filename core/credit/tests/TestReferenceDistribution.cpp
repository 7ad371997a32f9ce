#include <QtTest>

#include <cmath>
#include <random>

#include "ReferenceDistribution.h"

using aviary::credit::ReferenceDistribution;

// The population stability index against a model's training distribution.
class TestReferenceDistribution : public QObject {
  Q_OBJECT

  static std::vector<double> normal(double mean, double sd, int n, unsigned seed) {
    std::mt19937 random(seed);
    std::normal_distribution<double> draw(mean, sd);
    std::vector<double> values;
    for (int i = 0; i < n; ++i) values.push_back(draw(random));
    return values;
  }

 private slots:
  void theSamePopulationIsStable() {
    const auto reference = ReferenceDistribution::ofNumbers("income", normal(100, 20, 5000, 1));
    QVERIFY(reference.stabilityIndex(normal(100, 20, 5000, 2)) < 0.02);
  }

  void aShiftedPopulationIsFlagged() {
    const auto reference = ReferenceDistribution::ofNumbers("income", normal(100, 20, 5000, 1));
    const double small = reference.stabilityIndex(normal(106, 20, 5000, 3));
    const double large = reference.stabilityIndex(normal(130, 20, 5000, 4));
    QVERIFY(small > 0.02 && small < ReferenceDistribution::kMajorShift);
    QVERIFY(large > ReferenceDistribution::kMajorShift);
  }

  void missingValuesAreABinOfTheirOwn() {
    std::vector<double> training = normal(0, 1, 1000, 5);
    const auto reference = ReferenceDistribution::ofNumbers("debt", training);
    std::vector<double> live = normal(0, 1, 1000, 6);
    for (std::size_t i = 0; i < live.size(); i += 2) live[i] = std::nan("");
    QVERIFY(reference.stabilityIndex(live) > ReferenceDistribution::kMajorShift);
  }

  void categoriesAndUnseenLevels() {
    const auto reference = ReferenceDistribution::ofCategories(
        "home", {"owner", "rent", "owner", "parents", "rent", "owner", ""});
    QVERIFY(reference.stabilityIndex(std::vector<std::string>{"owner", "rent", "owner", "parents",
                                                              "rent", "owner", ""}) < 1e-9);
    QVERIFY(reference.stabilityIndex(std::vector<std::string>(7, "boat")) >
            ReferenceDistribution::kMajorShift);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             reference.stabilityIndex(std::vector<double>{1}));
  }

  void survivesTheModelFile() {
    const auto reference = ReferenceDistribution::ofNumbers("age", normal(40, 10, 800, 7));
    const auto copy = ReferenceDistribution::fromJson(reference.toJson());
    const auto live = normal(45, 10, 800, 8);
    QCOMPARE(copy.stabilityIndex(live), reference.stabilityIndex(live));
    auto broken = reference.toJson();
    broken["shares"].erase(0);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ReferenceDistribution::fromJson(broken));
  }
};

QTEST_GUILESS_MAIN(TestReferenceDistribution)
#include "TestReferenceDistribution.moc"
