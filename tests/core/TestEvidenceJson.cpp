#include <QtTest>

#include "Base64.h"
#include "EvidenceJson.h"

using namespace aviary;

class TestEvidenceJson : public QObject {
  Q_OBJECT

 private slots:
  void roundTripKeepsEverything() {
    Evidence evidence;
    evidence.sourceId = "satellite";
    evidence.sourceVersion = "1.2.3";
    evidence.merchantId = "M1";
    evidence.features = {{"total_area_mu", 52.5}, {"hazard_count", 1}};
    evidence.facts.push_back({"crop", "wheat_maize", {"parcel:p1", "xgboost", 0.93}});
    evidence.warnings.push_back("3 observations rejected as cloud edges");
    Artifact image{Artifact::Kind::Image, "quicklook:p1", "Parcel p1", "image/png", "",
                   {0, 1, 2, 250, 255}};
    Artifact series{Artifact::Kind::TimeSeries,     "ndvi:p1", "NDVI", "application/json",
                    R"({"t":[1,2],"v":[0.2,0.8]})", {}};
    evidence.artifacts = {image, series};
    evidence.timings = {{"read", 3.5}, {"classify", 1.5}};

    const Evidence back = evidenceFromJson(nlohmann::json::parse(toJson(evidence).dump()));
    QCOMPARE(back.sourceId, evidence.sourceId);
    QCOMPARE(back.features, evidence.features);
    QCOMPARE(back.facts.at(0).provenance.confidence, 0.93);
    QCOMPARE(back.artifacts.at(0).bytes, image.bytes);
    QCOMPARE(nlohmann::json::parse(back.artifacts.at(1).data), nlohmann::json::parse(series.data));
    QCOMPARE(back.totalMilliseconds(), 5.0);
    QCOMPARE(back.warnings, evidence.warnings);
  }

  void base64MatchesRfc4648Vectors() {
    const std::string text = "foobar";
    for (std::size_t n = 0; n <= text.size(); ++n) {
      std::vector<std::uint8_t> bytes(text.begin(), text.begin() + static_cast<long>(n));
      QCOMPARE(decodeBase64(encodeBase64(bytes)), bytes);
    }
    QCOMPARE(encodeBase64({'f', 'o', 'o', 'b'}), std::string("Zm9vYg=="));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodeBase64("Zm9v*"));
    QCOMPARE(decodeBase64("Zm9v\nYmFy"), (std::vector<std::uint8_t>{'f', 'o', 'o', 'b', 'a', 'r'}));
    QCOMPARE(decodeBase64("Zm9vYg"), (std::vector<std::uint8_t>{'f', 'o', 'o', 'b'}));
  }

  void unknownStatusIsRejected() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             evidenceFromJson({{"source_id", "x"}, {"status", "maybe"}}));
  }
};

QTEST_GUILESS_MAIN(TestEvidenceJson)
#include "TestEvidenceJson.moc"
