#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <pqxx/pqxx>

#include "Backtester.h"
#include "BookTrainingTable.h"
#include "CaseDecider.h"
#include "ExperimentRepository.h"
#include "OutcomeImporter.h"
#include "PluginLoader.h"
#include "PortfolioMonitor.h"
#include "ReleaseRepository.h"
#include "SampleCaseJson.h"
#include "TestDatabaseCluster.h"

using namespace aviary;
namespace fs = std::filesystem;

// Governance against a real database: maker-checker releases, cases keeping their versions,
// champion/challenger, back-tests, outcomes, monitoring and retraining from the book.
class TestGovernance : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;
  PluginRegistry registry_;
  std::unique_ptr<CreditRiskModel> model_;
  std::unique_ptr<PolicyRuleSet> policy_;
  std::string policyText_;
  int nextKey_ = 0;
  std::unique_ptr<CaseDecider> decider_;

  std::string as(const std::string& user) const { return url_ + " user=" + user; }

  long count(const std::string& sql) const {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }

  // The shipped policy under another version, with extra rules.
  std::string policyVersion(const std::string& version, const nlohmann::json& extraRules) const {
    auto json = nlohmann::json::parse(policyText_);
    json["version"] = version;
    for (const auto& rule : extraRules) json["rules"].push_back(rule);
    return json.dump(2);
  }

  static nlohmann::json declineAbove(double amount) {
    return {{"id", "T001"},
            {"action", "decline"},
            {"text", "Test: the amount is above what this policy lends."},
            {"when", {{"value", "application.requested_amount_cny"}, {"above", amount}}}};
  }

  SubmittedCase submitShop(double amount, double income) {
    auto json = testing::shopCaseJson("gov-" + std::to_string(++nextKey_));
    json["application"]["requested_amount_cny"] = amount;
    json["applicant"]["Income"] = income;
    json["inputs"] = {{"fixture_good", nlohmann::json::object()}};
    return CaseRepository(url_).submit(CaseFile::fromJson(json));
  }

  Decision decide(std::int64_t caseId) {
    if (!decider_) decider_ = std::make_unique<CaseDecider>(url_, registry_, *model_, *policy_);
    return decider_->decide(caseId, "test");
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("governance");
    registry_ = PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins"}).load();
    model_ = std::make_unique<CreditRiskModel>(CreditRiskModel::load(
        fs::path(AVIARY_SOURCE_DIR) / "resources/models/credit_default.json"));
    const fs::path policyPath = fs::path(AVIARY_SOURCE_DIR) / "resources/rules/policy.json";
    policy_ = std::make_unique<PolicyRuleSet>(PolicyRuleSet::load(policyPath));
    policyText_ = policy_->text();
    pqxx::connection connection(url_);
    pqxx::work tx(connection);
    for (const char* admin : {"alice", "bob"}) {
      tx.exec(std::string("CREATE ROLE ") + admin + " LOGIN");
      tx.exec(std::string("GRANT aviary_admin TO ") + admin);
    }
    tx.commit();
  }
  void cleanupTestCase() {
    decider_.reset();
    cluster_.reset();
  }

  void aReleaseNeedsASecondAdmin() {
    const auto candidate = PolicyRuleSet::fromText(policyVersion("mc-1", {}), "candidate");
    ReleaseRepository alice(as("alice")), bob(as("bob"));
    const Release proposed =
        alice.proposeRules(candidate.name(), candidate.version(), candidate.sha256(),
                           candidate.text(), "same rules, new version", nlohmann::json::array());
    QCOMPARE(proposed.proposedBy, std::string("alice"));
    QCOMPARE(proposed.state(), std::string("proposed"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, alice.approve("rules", "mc-1"));
    // Not even SQL by hand lets the proposer approve.
    {
      pqxx::connection connection(as("alice"));
      pqxx::work tx(connection);
      QVERIFY_THROWS_EXCEPTION(pqxx::sql_error,
                               tx.exec("UPDATE releases SET approved_at = now(), approved_by = "
                                       "'bob' WHERE version = 'mc-1'"));
    }
    QVERIFY(!alice.live("rules"));
    const Release approved = bob.approve("rules", "mc-1");
    QCOMPARE(approved.approvedBy, std::string("bob"));
    QVERIFY(approved.live());
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bob.approve("rules", "mc-1"));
    QVERIFY_THROWS_EXCEPTION(
        std::invalid_argument,
        alice.proposeRules(candidate.name(), "mc-1", candidate.sha256(), candidate.text(), "again",
                           nlohmann::json::array()));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             alice.proposeRules(candidate.name(), "mc-2", candidate.sha256(),
                                                candidate.text(), "  ", nlohmann::json::array()));
    QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'release_proposed' AND actor = "
                   "'alice'"),
             1L);
    QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'release_approved' AND actor = "
                   "'bob'"),
             1L);
    {
      pqxx::connection connection(url_);
      pqxx::work tx(connection);
      QVERIFY_THROWS_EXCEPTION(pqxx::sql_error, tx.exec("DELETE FROM releases"));
    }
  }

  void aCaseKeepsTheVersionsItStartedWith() {
    const auto before = submitShop(80000, 150);  // rule set mc-1 is live
    const auto candidate = PolicyRuleSet::fromText(
        policyVersion("mc-2", nlohmann::json::array({declineAbove(10000)})), "candidate");
    ReleaseRepository(as("alice"))
        .proposeRules(candidate.name(), "mc-2", candidate.sha256(), candidate.text(),
                      "decline everything above 10,000", nlohmann::json::array());
    ReleaseRepository(as("bob")).approve("rules", "mc-2");
    const auto after = submitShop(80000, 150);

    const Decision first = decide(before.caseId);
    const Decision second = decide(after.caseId);
    QCOMPARE(first.ruleSetVersion, std::string("mc-1"));
    QCOMPARE(second.ruleSetVersion, std::string("mc-2"));
    QVERIFY(first.outcome != "decline");
    QCOMPARE(second.outcome, std::string("decline"));
    QCOMPARE(count("SELECT count(*) FROM releases WHERE kind = 'rules' AND retired_at IS NOT NULL"),
             1L);
    // Replay uses the stored rule set, not the live one.
    QVERIFY(CaseDecider(url_, registry_, *model_, *policy_).replay(before.caseId).identical);
  }

  void anExperimentRoutesAReproducibleShare() {
    const auto challenger = PolicyRuleSet::fromText(
        policyVersion("mc-3", nlohmann::json::array({declineAbove(60000)})), "challenger");
    ReleaseRepository(as("alice"))
        .proposeRules(challenger.name(), "mc-3", challenger.sha256(), challenger.text(),
                      "challenger", nlohmann::json::array());
    ExperimentRepository experiments(as("alice"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiments.start("mc-3", "", 1.5, ""));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiments.start("nope", "", 0.3, ""));
    const Experiment experiment = experiments.start("mc-3", "", 0.3, "tighter limit");
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, experiments.start("mc-3", "", 0.3, ""));

    std::vector<std::int64_t> cases;
    for (int i = 0; i < 200; ++i) cases.push_back(submitShop(50000 + 500.0 * i, 100 + i).caseId);
    const long challengers =
        count("SELECT count(*) FROM applications WHERE arm = 'challenger' AND experiment_id = " +
              std::to_string(experiment.experimentId));
    // The salt is random, so the count is binomial (200, 0.3): 60 +- 6.5. 40-80 failed one run
    // in 650; 30-90 fails one in 300,000 and still catches a share of 0.1 or 0.7 (98 %).
    QVERIFY2(challengers >= 30 && challengers <= 90, std::to_string(challengers).c_str());
    // The arm follows from the key and the salt alone.
    QCOMPARE(ExperimentRepository::armFor(experiment.salt, "gov-10", 0.3),
             ExperimentRepository::armFor(experiment.salt, "gov-10", 0.3));

    for (int i = 0; i < 12; ++i) decide(cases[static_cast<std::size_t>(i)]);
    QCOMPARE(count("SELECT count(*) FROM decisions d JOIN applications a USING (case_id) WHERE "
                   "d.arm IS DISTINCT FROM a.arm AND d.kind = 'automatic'"),
             0L);
    QCOMPARE(count("SELECT count(*) FROM decisions WHERE arm = 'challenger' AND "
                   "inputs->'decision'->'rule_set'->>'version' <> 'mc-3'"),
             0L);
    QCOMPARE(count("SELECT count(*) FROM decisions WHERE arm = 'champion' AND "
                   "inputs->'decision'->'rule_set'->>'version' <> 'mc-2'"),
             0L);
    const auto report = experiments.report(experiment);
    QCOMPARE(report["arms"]["champion"]["cases"].get<long>() +
                 report["arms"]["challenger"]["cases"].get<long>(),
             200L);

    experiments.stop();
    QVERIFY(!experiments.running());
    const auto late = submitShop(70000, 100);
    QCOMPARE(count("SELECT count(*) FROM applications WHERE arm IS NULL AND case_id = " +
                   std::to_string(late.caseId)),
             1L);
  }

  void aBacktestComparesWithTheDecisionsMade() {
    // Decide the rest of the book with the live rules (mc-2: declines above 10,000).
    pqxx::result waiting;
    {
      pqxx::connection connection(url_);
      pqxx::read_transaction tx(connection);
      waiting = tx.exec("SELECT case_id FROM applications WHERE status = 'submitted'");
    }
    for (const auto& row : waiting) decide(row[0].as<std::int64_t>());
    const long decided = count("SELECT count(*) FROM decisions WHERE kind = 'automatic'");

    Backtester backtester(url_);
    Backtester::Options options;
    // The stored rule set decides every stored case as it was decided.
    const auto same = PolicyRuleSet::fromText(
        policyVersion("mc-2", nlohmann::json::array({declineAbove(10000)})), "same");
    nlohmann::json summary = backtester.run(same, nullptr, options);
    QCOMPARE(summary["cases"].get<long>(), decided);
    QVERIFY(summary["skipped"].empty());
    // Cases decided under mc-1 or mc-3 change; those under mc-2 do not.
    const long underOthers = count(
        "SELECT count(*) FROM decisions WHERE kind = 'automatic' AND "
        "inputs->'decision'->'rule_set'->>'version' <> 'mc-2' AND outcome <> 'decline'");
    QCOMPARE(summary["changed"].get<long>(), underOthers);

    const auto loose = PolicyRuleSet::fromText(policyVersion("mc-4", {}), "loose");
    summary = backtester.run(loose, nullptr, options);
    QVERIFY(summary["changed"].get<long>() > 0);
    QVERIFY(summary["transitions"].contains("decline->refer"));
    QVERIFY(summary["segments"].contains("shop"));
    bool t001Dropped = false;
    for (const auto& rule : summary["rules"])
      if (rule["id"] == "T001") t001Dropped = rule["only_actual"].get<long>() > 0;
    QVERIFY(t001Dropped);
    QVERIFY(!summary["sample"].empty());
    QVERIFY(backtester.store(summary, loose, nullptr, options.filter) > 0);

    options.filter.segment = "farmer";
    QCOMPARE(backtester.run(loose, nullptr, options)["cases"].get<long>(), 0L);
  }

  void outcomesKeepGoodRowsAndReportBadOnes() {
    const QTemporaryDir scratch;  // a fixed name would collide with a concurrent run
    const fs::path csv = fs::path(scratch.path().toStdString()) / "outcomes.csv";
    std::vector<std::int64_t> decided;
    {
      pqxx::connection connection(url_);
      pqxx::read_transaction tx(connection);
      for (const auto& row : tx.exec("SELECT case_id FROM decisions WHERE kind = 'automatic' "
                                     "ORDER BY case_id LIMIT 10"))
        decided.push_back(row[0].as<std::int64_t>());
    }
    {
      std::ofstream out(csv);
      out << "case_id,as_of,status\n";
      for (std::size_t i = 0; i < decided.size(); ++i)
        out << decided[i] << ",2027-03-31," << (i % 3 == 0 ? "default" : "current") << "\n";
      out << decided[0] << ",2027-04-31,current\n";  // line 12: no such date
      out << decided[1] << ",2027-04-30,paid\n";     // line 13: unknown status
      out << "999999,2027-04-30,current\n";          // line 14: unknown case
      out << "abc,2027-04-30,current\n";             // line 15: not an id
      out << decided[2] << ",2027-04-30\n";          // line 16: a field missing
    }
    const OutcomeImport first = OutcomeImporter(url_).import(csv);
    QCOMPARE(first.recorded, decided.size());
    QCOMPARE(first.problems.size(), std::size_t(5));
    QCOMPARE(first.problems[0].line, std::size_t(12));
    QVERIFY(first.problems[2].message.find("999999") != std::string::npos);
    const OutcomeImport again = OutcomeImporter(url_).import(csv);
    QCOMPARE(again.recorded, std::size_t(0));
    QCOMPARE(again.unchanged, decided.size());
    QCOMPARE(count("SELECT count(*) FROM case_outcomes WHERE bad"), 4L);
    QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'outcome_recorded'"),
             static_cast<long>(decided.size()));
  }

  void monitoringAndRetrainingSayWhenDataIsTooThin() {
    const PortfolioMonitor monitor(url_);
    const auto thin = monitor.run(model_->model(), "2100-01-01");
    QCOMPARE(thin["decisions"].get<long>(), 0L);
    QVERIFY(thin["features"].empty());
    QVERIFY(thin["notes"].dump().find("too few") != std::string::npos);

    const auto report = monitor.run(model_->model(), "");
    QVERIFY(report["decisions"].get<long>() >= 200);
    QVERIFY(!report["weeks"].empty());
    QVERIFY(report["outcomes"]["segments"]["shop"].contains("cases"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BookTrainingTable::fromBook(url_, {}));
  }
};

QTEST_GUILESS_MAIN(TestGovernance)
#include "TestGovernance.moc"
