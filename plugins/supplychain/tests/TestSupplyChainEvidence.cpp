#include <QtTest>

#include <algorithm>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "SupplyChainEvidenceSource.h"
#include "SupplyChainSimulator.h"

using namespace aviary;
namespace fs = std::filesystem;

class TestSupplyChainEvidence : public QObject {
  Q_OBJECT

  fs::path dir_;
  nlohmann::json truth_;

  AssessmentRequest request(const std::string& firm, bool registry = true) const {
    nlohmann::json inputs = {{"transactions", "data/transactions.csv"}, {"firm_id", firm}};
    if (registry) {
      inputs["firms"] = "data/firms.csv";
      inputs["holdings"] = "data/holdings.csv";
      inputs["certificates"] = "data/certificates.csv";
    }
    return {"case-" + firm, "m-" + firm, "dealer", "2026-01-01", dir_.string(), inputs.dump()};
  }
  std::vector<std::string> partiesWithRole(const std::string& role) const {
    std::vector<std::string> out;
    for (const auto& [id, t] : truth_["parties"].items())
      if (t["role"] == role) out.push_back(id);
    return out;
  }

 private slots:
  void initTestCase() {
    dir_ = fs::temp_directory_path() /
           ("aviary_sc_evidence_" + std::to_string(QCoreApplication::applicationPid()));
    supplychain::SupplyChainSimulator({303, 3, 0.2}).write(dir_ / "data");
    std::ifstream(dir_ / "data" / "truth.json") >> truth_;
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void dealerGetsDeclaredFeaturesFactsAndArtifacts() {
    SupplyChainEvidenceSource source;
    const auto wholesalers = partiesWithRole("wholesaler");
    QVERIFY(!wholesalers.empty());
    const Evidence e = source.assess(request(wholesalers.front()));
    QVERIFY2(e.ok(), e.error.c_str());
    const SourceDescription d = source.describe();
    for (const auto& [name, value] : e.features)
      QVERIFY2(d.findFeature(name) != nullptr, name.c_str());
    for (const auto& f : d.features) QVERIFY2(e.features.count(f.name), f.name.c_str());
    QVERIFY(e.features.at("monthly_purchase_cny") > 0);
    QVERIFY(e.features.at("months_active") >= 1);
    QCOMPARE(e.features.at("tier"), truth_["parties"][wholesalers.front()]["tier"].get<double>());
    QVERIFY(!e.facts.empty());
    for (const auto& f : e.facts) QVERIFY2(!f.provenance.reference.empty(), f.name.c_str());

    QCOMPARE(e.artifacts.size(), std::size_t{3});
    const auto graph = nlohmann::json::parse(e.artifacts[0].data);
    QVERIFY(graph["nodes"].size() >= 2);
    bool self = false;
    for (const auto& n : graph["nodes"]) {
      QVERIFY(n.contains("id") && n.contains("role") && n.contains("tier") && n.contains("name"));
      self = self || n["id"] == wholesalers.front();
    }
    QVERIFY(self);
    for (const auto& edge : graph["edges"])
      QVERIFY(edge.contains("from") && edge.contains("to") &&
              edge["amount_cny"].get<double>() > 0 && edge.contains("type"));
    const auto series = nlohmann::json::parse(e.artifacts[1].data);
    QCOMPARE(series["values"].size(), std::size_t{12});
    QCOMPARE(series["months"].back().get<std::string>(), std::string("2025-12"));
    const auto table = nlohmann::json::parse(e.artifacts[2].data);
    QCOMPARE(table["schema"].get<std::string>(), std::string("aviary.supplychain.findings/1"));
    QVERIFY(table["findings"].is_array() && table["standing"].is_array());
    double trust = 0;
    for (const auto& source : table["standing"]) trust += source["share"].get<double>();
    QVERIFY(table["standing"].empty() || (trust > 0.5 && trust < 1.01));
  }

  void ringMemberIsFlaggedWithItsTransactions() {
    SupplyChainEvidenceSource source;
    const std::string member = truth_["rings"][0][0];
    const Evidence e = source.assess(request(member));
    QVERIFY2(e.ok(), e.error.c_str());
    QCOMPARE(e.features.at("circular_trade"), 1.0);
    QCOMPARE(e.features.at("suggested_limit_cny"), 0.0);
    bool named = false;
    for (const auto& f : e.facts)
      named =
          named || (f.name == "circular_trade" && f.provenance.reference.rfind("txn:T", 0) == 0);
    QVERIFY(named);
    // The same finding in the versioned table, with the member among its parties.
    bool tabled = false;
    for (const auto& a : e.artifacts) {
      if (a.name != "findings") continue;
      const auto table = nlohmann::json::parse(a.data);
      for (const auto& finding : table["findings"])
        tabled =
            tabled || (finding["type"] == "circular_trade" && !finding["transactions"].empty() &&
                       std::find(finding["members"].begin(), finding["members"].end(), member) !=
                           finding["members"].end());
    }
    QVERIFY(tabled);
  }

  void batchOverOneFileAnalysesOnce() {
    SupplyChainEvidenceSource source;
    std::vector<AssessmentRequest> requests;
    for (const auto& id : partiesWithRole("retailer")) {
      requests.push_back(request(id));
      if (requests.size() == 25) break;
    }
    const auto results = source.assessBatch(requests);
    QCOMPARE(results.size(), requests.size());
    for (const auto& r : results) QVERIFY2(r.ok(), r.error.c_str());
    QCOMPARE(source.analysesRun(), std::size_t{1});
    // Other inputs (no registry) are another network.
    QVERIFY(source.assess(request(partiesWithRole("retailer").front(), false)).ok());
    QCOMPARE(source.analysesRun(), std::size_t{2});
  }

  void unknownFirmOrMissingFileIsUnavailableWithWhatToSupply() {
    SupplyChainEvidenceSource source;
    const Evidence unknown = source.assess(request("F99999999"));
    QCOMPARE(unknown.status, Evidence::Status::Unavailable);
    QVERIFY(unknown.error.find("F99999999") != std::string::npos);

    AssessmentRequest missing = request("F00001");
    missing.inputsJson =
        nlohmann::json{{"transactions", "nowhere.csv"}, {"firm_id", "F00001"}}.dump();
    const Evidence noFile = source.assess(missing);
    QCOMPARE(noFile.status, Evidence::Status::Unavailable);
    QVERIFY(noFile.error.find("transactions") != std::string::npos);

    missing.inputsJson = R"({"firm_id": "F00001"})";
    QCOMPARE(source.assess(missing).status, Evidence::Status::Unavailable);
    missing.inputsJson = "not json";
    QCOMPARE(source.assess(missing).status, Evidence::Status::Unavailable);
  }
};

QTEST_GUILESS_MAIN(TestSupplyChainEvidence)
#include "TestSupplyChainEvidence.moc"
