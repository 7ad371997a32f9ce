#include <QtTest>

#include <nlohmann/json.hpp>

#include "ReleaseChecks.h"

using namespace aviary;

// Static checks a candidate rule set or model gets before approval.
class TestReleaseChecks : public QObject {
  Q_OBJECT

  static PolicyRuleSet policyWith(const nlohmann::json& rules,
                                  const std::string& limitBase = "satellite.expected_value_cny") {
    const nlohmann::json json = {
        {"name", "test"},
        {"version", "1"},
        {"thresholds", {{"approve_maximum_pd", 0.1}, {"decline_minimum_pd", 0.4}}},
        {"rules", rules},
        {"limits", {{"farmer", {{"base", limitBase}, {"multiple", 0.5}, {"cap", 1000}}}}},
        {"pricing",
         {{"funding_rate", 0.03},
          {"loss_given_default", 0.45},
          {"operating_margin", 0.02},
          {"minimum_rate", 0.04},
          {"maximum_rate", 0.24}}}};
    return PolicyRuleSet::fromText(json.dump(), "test");
  }
  static nlohmann::json rule(const std::string& id, const std::string& action,
                             const nlohmann::json& when) {
    return {{"id", id}, {"action", action}, {"text", id}, {"when", when}};
  }
  static std::vector<std::string> checksFor(const std::vector<ReleaseFinding>& findings,
                                            const std::string& subject) {
    std::vector<std::string> checks;
    for (const auto& finding : findings)
      if (finding.subject == subject) checks.push_back(finding.check);
    return checks;
  }
  const std::set<std::string> evidence_{"satellite.expected_value_cny", "satellite.hazard_count",
                                        "credentials.failed_checks"};

 private slots:
  void aGoodRuleSetHasNoFindings() {
    const auto findings = ReleaseChecks::ofRules(
        policyWith({rule("R1", "refer", {{"value", "satellite.hazard_count"}, {"above", 0}}),
                    rule("D1", "decline", {{"value", "model.pd"}, {"above", 0.5}})}),
        evidence_);
    QVERIFY2(findings.empty(), ReleaseChecks::toJson(findings).dump().c_str());
  }

  void rulesThatCanNeverFire() {
    const auto findings = ReleaseChecks::ofRules(
        policyWith({rule("R1", "refer",
                         {{"all",
                           {{{"value", "satellite.hazard_count"}, {"above", 5}},
                            {{"value", "satellite.hazard_count"}, {"below", 3}}}}}),
                    rule("R2", "refer", {{"value", "satellite.typo_count"}, {"above", 0}}),
                    rule("R3", "refer",
                         {{"any",
                           {{{"value", "nothing.here"}, {"above", 0}},
                            {{"value", "satellite.hazard_count"}, {"equals", 2}}}}}),
                    rule("R4", "refer",
                         {{"all",
                           {{{"value", "credentials.failed_checks"}, {"equals", 1}},
                            {{"value", "credentials.failed_checks"}, {"not_equals", 1}}}}})}),
        evidence_);
    QCOMPARE(checksFor(findings, "R1"), std::vector<std::string>{"never_fires"});
    QCOMPARE(checksFor(findings, "R2"), std::vector<std::string>{"never_fires"});
    QVERIFY(checksFor(findings, "R3").empty());  // one alternative can hold
    QCOMPARE(checksFor(findings, "R4"), std::vector<std::string>{"never_fires"});
    QVERIFY(!ReleaseChecks::hasErrors(findings));
  }

  void contradictionsAndShadows() {
    const nlohmann::json hazard = {{"value", "satellite.hazard_count"}, {"above", 0}};
    const auto findings = ReleaseChecks::ofRules(
        policyWith({rule("D1", "decline", hazard), rule("R1", "refer", {{"all", {hazard, hazard}}}),
                    rule("R2", "refer", {{"value", "satellite.hazard_count"}, {"above", 3}}),
                    rule("R3", "refer", {{"value", "satellite.hazard_count"}, {"at_least", 0}})}),
        evidence_);
    QCOMPARE(checksFor(findings, "D1,R1"), std::vector<std::string>{"contradiction"});
    QCOMPARE(checksFor(findings, "R2"), std::vector<std::string>{"shadowed"});
    QVERIFY(checksFor(findings, "R3").empty());  // 0 is not above 0: R3 refers cases D1 does not
    QVERIFY(ReleaseChecks::hasErrors(findings));
  }

  void aLimitOnAValueNothingProvides() {
    const auto findings =
        ReleaseChecks::ofRules(policyWith({}, "satellite.expected_yeild"), evidence_);
    QCOMPARE(checksFor(findings, "limits.farmer"), std::vector<std::string>{"unknown_value"});
    QVERIFY(ReleaseChecks::hasErrors(findings));
  }

  void columnsTheModelLacks() {
    const auto findings =
        ReleaseChecks::ofModel({"Income", "satellite.expected_value_cny", "satellite.old_feature"},
                               {"Income", "Seniority", "satellite.expected_value_cny"}, evidence_);
    QCOMPARE(checksFor(findings, "Seniority"), std::vector<std::string>{"model_lacks"});
    QCOMPARE(checksFor(findings, "credentials.failed_checks"),
             std::vector<std::string>{"model_lacks"});
    QCOMPARE(checksFor(findings, "satellite.old_feature"),
             std::vector<std::string>{"never_provided"});
    QVERIFY(checksFor(findings, "Income").empty());
    QVERIFY(ReleaseChecks::hasErrors(ReleaseChecks::ofModel({}, {}, evidence_)));
    const auto roundTrip = ReleaseChecks::fromJson(ReleaseChecks::toJson(findings));
    QCOMPARE(roundTrip.size(), findings.size());
  }
};

QTEST_GUILESS_MAIN(TestReleaseChecks)
#include "TestReleaseChecks.moc"
