#include <QtTest>

#include <cmath>
#include <numeric>

#include "CsvTable.h"
#include "FeatureEncoder.h"

using namespace aviary;
using namespace aviary::credit;

class TestFeatureEncoder : public QObject {
  Q_OBJECT

 private:
  static CsvTable sample() {
    std::string text = "Status,Income,Home,Note\n";
    // 6 renters, 5 owners, 1 "parents" (too rare for its own level), one NA income.
    for (int i = 0; i < 6; ++i) text += "good," + std::to_string(100 + i) + ",rent,x\n";
    for (int i = 0; i < 5; ++i) text += "bad," + std::to_string(200 + i) + ",owner,\n";
    text += "good,NA,parents,y\n";
    return CsvTable::parse(text);
  }
  static std::vector<std::size_t> all(const CsvTable& table) {
    std::vector<std::size_t> rows(table.rowCount());
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
  }

 private slots:
  void kindsLevelsAndLayout() {
    const CsvTable table = sample();
    const FeatureEncoder encoder = FeatureEncoder::fit(table, all(table), {"Status"});
    QCOMPARE(encoder.columns().size(), std::size_t(3));
    QVERIFY(encoder.columns()[0].kind == ColumnKind::Numeric);
    QVERIFY(encoder.columns()[1].kind == ColumnKind::Categorical);
    QCOMPARE(encoder.columns()[1].levels, (std::vector<std::string>{"rent", "owner"}));
    const std::vector<std::string> expected{"Income",       "Home=rent", "Home=owner",
                                            "Home=(other)", "Note=x",    "Note=(other)"};
    QCOMPARE(encoder.featureNames(), expected);
  }

  void missingUnseenAndRareCells() {
    const CsvTable table = sample();
    const FeatureEncoder encoder = FeatureEncoder::fit(table, all(table), {"Status"});
    std::vector<float> out(encoder.featureCount());
    encoder.encode(table, 11, out.data());  // NA income, rare "parents"
    QVERIFY(std::isnan(out[0]));
    QCOMPARE(out[1], 0.0f);
    QCOMPARE(out[3], 1.0f);

    encoder.encode(CreditRow{{"Income", 150.0}, {"Home", std::string("castle")}}, out.data());
    QCOMPARE(out[0], 150.0f);
    QCOMPARE(out[1] + out[2], 0.0f);
    QCOMPARE(out[3], 1.0f);       // unseen level -> (other)
    QVERIFY(std::isnan(out[4]));  // absent column -> missing

    encoder.encode(CreditRow{}, out.data());
    for (float v : out) QVERIFY(std::isnan(v));

    encoder.encode(CreditRow{{"Income", std::string(" 120.5 ")}, {"Home", std::string("owner")}},
                   out.data());
    QCOMPARE(out[0], 120.5f);
    QCOMPARE(out[2], 1.0f);
  }

  void textInNumericColumnNamesTheColumn() {
    const CsvTable table = sample();
    const FeatureEncoder encoder = FeatureEncoder::fit(table, all(table), {"Status"});
    std::vector<float> out(encoder.featureCount());
    try {
      encoder.encode(CreditRow{{"Income", std::string("lots")}}, out.data());
      QFAIL("text in a numeric column must be refused");
    } catch (const FeatureError& error) {
      QVERIFY(std::string(error.what()).find("column Income expects a number") !=
              std::string::npos);
    }
  }

  void levelsComeOnlyFromTheGivenRows() {
    const CsvTable table = sample();
    std::vector<std::size_t> rentersOnly{0, 1, 2, 3, 4, 5};
    const FeatureEncoder encoder = FeatureEncoder::fit(table, rentersOnly, {"Status"});
    QCOMPARE(encoder.columns()[1].levels, (std::vector<std::string>{"rent"}));
  }

  void jsonRoundTripKeepsTheLayout() {
    const CsvTable table = sample();
    const FeatureEncoder encoder = FeatureEncoder::fit(table, all(table), {"Status"});
    const FeatureEncoder copy = FeatureEncoder::fromJson(encoder.toJson());
    QCOMPARE(copy.featureNames(), encoder.featureNames());
    QCOMPARE(copy.toJson().dump(), encoder.toJson().dump());
  }
};

QTEST_GUILESS_MAIN(TestFeatureEncoder)
#include "TestFeatureEncoder.moc"
