#include <QtTest>

#include <latch>
#include <thread>

#include <pqxx/pqxx>

#include "CaseDecider.h"
#include "DatabaseLocator.h"
#include "PluginLoader.h"
#include "SampleCaseJson.h"
#include "TestDatabaseCluster.h"

using namespace aviary;
namespace fs = std::filesystem;

// Cases through the real database: submit, decide, show and replay.
class TestCaseStore : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;
  PluginRegistry registry_;
  std::unique_ptr<CreditRiskModel> model_;
  std::unique_ptr<PolicyRuleSet> policy_;

  long count(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }
  static nlohmann::json caseWith(const std::string& key, const nlohmann::json& inputs) {
    auto json = testing::shopCaseJson(key);
    json["inputs"] = inputs;
    return json;
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("cases");
    registry_ = PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins"}).load();
    model_ = std::make_unique<CreditRiskModel>(CreditRiskModel::load(
        fs::path(AVIARY_SOURCE_DIR) / "resources/models/credit_default.json"));
    policy_ = std::make_unique<PolicyRuleSet>(
        PolicyRuleSet::load(fs::path(AVIARY_SOURCE_DIR) / "resources/rules/policy.json"));
  }
  void cleanupTestCase() { cluster_.reset(); }

  void submitIsIdempotentByKey() {
    CaseRepository repository(url_);
    const auto caseFile =
        CaseFile::fromJson(caseWith("idem", {{"fixture_good", nlohmann::json::object()}}));
    const auto first = repository.submit(caseFile);
    const auto second = repository.submit(caseFile);
    QVERIFY(first.created);
    QVERIFY(!second.created);
    QCOMPARE(second.caseId, first.caseId);
    QCOMPARE(count("SELECT count(*) FROM applications WHERE idempotency_key = 'idem'"), 1L);
    auto changed = caseWith("idem", {{"fixture_good", nlohmann::json::object()}});
    changed["application"]["requested_amount_cny"] = 999;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, repository.submit(CaseFile::fromJson(changed)));
  }

  void decideStoresEverythingAndReplaysBitForBit() {
    CaseRepository repository(url_);
    const auto submitted = repository.submit(
        CaseFile::fromJson(caseWith("decide", {{"fixture_good", nlohmann::json::object()},
                                               {"fixture_throwing", nlohmann::json::object()}})));
    CaseDecider decider(url_, registry_, *model_, *policy_);
    const Decision decision = decider.decide(submitted.caseId, "test");
    QCOMPARE(decision.outcome, std::string("refer"));  // a source failed: never approve

    const StoredCase stored = repository.load(submitted.caseId);
    QCOMPARE(stored.status, std::string("referred"));
    QCOMPARE(stored.evidence.size(), std::size_t(2));
    QVERIFY(stored.automaticDecision.has_value());
    QCOMPARE(stored.merchant["owner_id_number"].get<std::string>(),
             std::string("11010519491231002X"));
    std::vector<std::string> actions;
    for (const auto& row : stored.audit) actions.push_back(row["action"].get<std::string>());
    QCOMPARE(actions, (std::vector<std::string>{"case_submitted", "status_changed",
                                                "status_changed", "decision_recorded"}));

    const ReplayReport report = decider.replay(submitted.caseId);
    QVERIFY2(report.identical,
             report.differences.empty() ? "" : report.differences.front().c_str());
    QVERIFY(report.changedSince.empty());

    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decider.decide(submitted.caseId, "test"));
    QCOMPARE(
        count("SELECT count(*) FROM decisions WHERE case_id = " + std::to_string(submitted.caseId)),
        1L);
  }

  void editedPolicyWithoutNewVersionIsRefusedBeforeTheCaseIsTouched() {
    CaseRepository repository(url_);
    const auto submitted = repository.submit(CaseFile::fromJson(
        caseWith("edited-policy", {{"fixture_good", nlohmann::json::object()}})));
    auto text = policy_->text();
    text.replace(text.find("\"description\": \""), 16, "\"description\": \"edited. ");
    const PolicyRuleSet edited = PolicyRuleSet::fromText(text, "edited");
    QCOMPARE(edited.version(), policy_->version());
    CaseDecider decider(url_, registry_, *model_, edited);
    try {
      decider.decide(submitted.caseId, "test");
      QFAIL("an edited policy under a stored version must be refused");
    } catch (const std::invalid_argument& error) {
      QVERIFY2(std::string(error.what()).find("give the edited rule file a new version") !=
                   std::string::npos,
               error.what());
    }
    QCOMPARE(repository.load(submitted.caseId).status, std::string("submitted"));
  }

  // Workers meeting a rule-set version the database has not seen yet all store it at once;
  // none may fail on the (name, version) key, and the version is stored once.
  void workersStoringANewRuleSetVersionAtOnceAllDecide() {
    auto text = policy_->text();
    const std::string version = "\"version\": \"" + policy_->version() + "\"";
    QVERIFY(text.find(version) != std::string::npos);
    text.replace(text.find(version), version.size(), "\"version\": \"race-1\"");
    const PolicyRuleSet fresh = PolicyRuleSet::fromText(text, "race");
    CaseRepository repository(url_);
    constexpr int workers = 4;
    std::vector<std::int64_t> caseIds;
    for (int i = 0; i < workers; ++i)
      caseIds.push_back(
          repository
              .submit(CaseFile::fromJson(caseWith("race-" + std::to_string(i),
                                                  {{"fixture_good", nlohmann::json::object()}})))
              .caseId);
    std::latch start(workers);
    std::vector<std::string> failures(workers);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i)
      threads.emplace_back([&, i] {
        try {
          CaseDecider decider(url_, registry_, *model_, fresh);
          start.arrive_and_wait();
          decider.decide(caseIds[i], "test");
        } catch (const std::exception& error) {
          failures[i] = error.what();
        }
      });
    for (auto& thread : threads) thread.join();
    for (const auto& failure : failures) QVERIFY2(failure.empty(), failure.c_str());
    QCOMPARE(count("SELECT count(*) FROM rule_sets WHERE version = 'race-1'"), 1L);
    QCOMPARE(count("SELECT count(*) FROM decisions d JOIN rule_sets r USING (rule_set_id) "
                   "WHERE r.version = 'race-1'"),
             long(workers));
  }

  void replayNamesWhatChanged() {
    CaseRepository repository(url_);
    const auto submitted = repository.submit(
        CaseFile::fromJson(caseWith("drift", {{"fixture_good", nlohmann::json::object()}})));
    CaseDecider decider(url_, registry_, *model_, *policy_);
    decider.decide(submitted.caseId, "test");
    {
      pqxx::connection connection(url_);
      pqxx::work tx(connection);
      tx.exec_params(
          "UPDATE decisions SET inputs = jsonb_set(inputs, '{decision,limit_cny}', '12345') "
          "WHERE case_id = $1",
          submitted.caseId);
      tx.commit();
    }
    const ReplayReport report = decider.replay(submitted.caseId);
    QVERIFY(!report.identical);
    QVERIFY2(report.differences.front().find("decision.limit_cny") != std::string::npos,
             report.differences.front().c_str());
  }

  void underwriterSeesTheIdNumberMasked() {
    // AVIARY_ROLE=aviary_underwriter makes every session of the process run as that role.
    const std::string asUnderwriter = DatabaseLocator::withRole(url_, "aviary_underwriter");
    const StoredCase stored = CaseRepository(asUnderwriter).load(1);
    const auto id = stored.merchant["owner_id_number"].get<std::string>();
    QCOMPARE(id, std::string("110***********002X"));
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, DatabaseLocator::withRole(url_, "x; DROP TABLE"));
    CaseRepository underwriter(asUnderwriter);
    QVERIFY_THROWS_EXCEPTION(
        pqxx::sql_error,
        underwriter.submit(CaseFile::fromJson(caseWith("uw", nlohmann::json::object()))));
  }
};

QTEST_GUILESS_MAIN(TestCaseStore)
#include "TestCaseStore.moc"
