#include <QtTest>

#include "CaseFileError.h"
#include "EvidenceCollector.h"
#include "PluginLoader.h"
#include "SampleCaseJson.h"

using namespace aviary;
namespace fs = std::filesystem;

class TestEvidenceCollector : public QObject {
  Q_OBJECT

  PluginRegistry registry_;

 private slots:
  void initTestCase() {
    registry_ = PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins"}).load();
  }

  void collectsInParallelWithinBudgets() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"fixture_good", nlohmann::json::object()},
                      {"fixture_throwing", nlohmann::json::object()},
                      {"fixture_slow", nlohmann::json::object()}};
    EvidenceCollector collector(registry_);
    collector.setBudget("fixture_slow", std::chrono::milliseconds(200));
    const auto evidence = collector.collect(CaseFile::fromJson(json), "1");
    std::map<std::string, Evidence> bySource;
    for (const auto& item : evidence) bySource[item.sourceId] = item;
    QCOMPARE(bySource.size(), std::size_t(3));
    QVERIFY(bySource["fixture_good"].ok());
    QCOMPARE(bySource["fixture_throwing"].status, Evidence::Status::Failed);
    QCOMPARE(bySource["fixture_slow"].status, Evidence::Status::Failed);
    QVERIFY2(bySource["fixture_slow"].error.find("timed out after 200 ms") != std::string::npos,
             bySource["fixture_slow"].error.c_str());
  }

  void anOverrunningSourceIsAskedToStop() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"fixture_slow", nlohmann::json::object()}};
    QElapsedTimer timer;
    timer.start();
    {
      EvidenceCollector collector(registry_);
      collector.setBudget("fixture_slow", std::chrono::milliseconds(100));
      collector.collect(CaseFile::fromJson(json), "1");
    }  // waits for the source it cancelled, which stops at its next slice
    // Left alone the fixture works 1.5 s; cancelled, it returns within a slice or two.
    QVERIFY2(timer.elapsed() < 1200, std::to_string(timer.elapsed()).c_str());
  }

  void evidenceAlreadyGatheredIsNotAskedAgain() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"fixture_good", nlohmann::json::object()},
                      {"fixture_throwing", nlohmann::json::object()}};
    Evidence gathered;
    gathered.sourceId = "fixture_throwing";
    gathered.features["fixture_value"] = 7;
    const auto evidence =
        EvidenceCollector(registry_).collect(CaseFile::fromJson(json), "1", {gathered});
    QCOMPARE(evidence.size(), std::size_t(2));
    for (const auto& item : evidence) QVERIFY2(item.ok(), item.error.c_str());
  }

  void slowSourceWithinBudgetAnswers() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"fixture_slow", nlohmann::json::object()}};
    const auto evidence = EvidenceCollector(registry_).collect(CaseFile::fromJson(json), "1");
    QVERIFY(evidence.at(0).ok());
  }

  void unknownSourceIsACaseFileError() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"astrology", nlohmann::json::object()}};
    QVERIFY_THROWS_EXCEPTION(CaseFileError,
                             EvidenceCollector(registry_).sourcesFor(CaseFile::fromJson(json)));
  }

  void requestCarriesTheCase() {
    auto json = testing::shopCaseJson();
    json["inputs"] = {{"fixture_good", {{"images", {"a.jpg"}}}}};
    const auto request = EvidenceCollector::requestFor(CaseFile::fromJson(json, "/data/cases"),
                                                       "77", "fixture_good");
    QCOMPARE(request.caseId, std::string("77"));
    QCOMPARE(request.baseDirectory, std::string("/data/cases"));
    QCOMPARE(nlohmann::json::parse(request.inputsJson)["images"][0].get<std::string>(),
             std::string("a.jpg"));
  }
};

QTEST_GUILESS_MAIN(TestEvidenceCollector)
#include "TestEvidenceCollector.moc"
