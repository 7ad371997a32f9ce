#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "CaseFileError.h"
#include "CreditRiskModel.h"
#include "DecisionKernel.h"
#include "SampleCaseJson.h"

using namespace aviary;
namespace fs = std::filesystem;

class TestDecisionKernel : public QObject {
  Q_OBJECT

  std::unique_ptr<CreditRiskModel> model_;
  std::unique_ptr<PolicyRuleSet> policy_;
  std::map<std::string, FeatureDescriptor> catalog_;

  static Evidence credentials(double revenue, double costs, double licenceInForce,
                              double unreadable = 0) {
    Evidence evidence;
    evidence.sourceId = "credentials";
    evidence.sourceVersion = "1.0.0";
    evidence.features = {{"documented_monthly_revenue_cny", revenue},
                         {"monthly_fixed_costs_cny", costs},
                         {"licence_in_force", licenceInForce},
                         {"unreadable_documents", unreadable},
                         {"failed_checks", 0}};
    return evidence;
  }
  Decision decide(const nlohmann::json& caseJson, const std::vector<Evidence>& evidence) const {
    return DecisionKernel(*model_, *policy_, catalog_)
        .decide(CaseFile::fromJson(caseJson), evidence);
  }

 private slots:
  void initTestCase() {
    model_ = std::make_unique<CreditRiskModel>(CreditRiskModel::load(
        fs::path(AVIARY_SOURCE_DIR) / "resources/models/credit_default.json"));
    policy_ = std::make_unique<PolicyRuleSet>(
        PolicyRuleSet::load(fs::path(AVIARY_SOURCE_DIR) / "resources/rules/policy.json"));
    using Type = FeatureDescriptor::Type;
    catalog_ = {
        {"credentials.documented_monthly_revenue_cny",
         {"documented_monthly_revenue_cny", Type::Number, "cny", "Documented monthly revenue"}},
        {"credentials.monthly_fixed_costs_cny",
         {"monthly_fixed_costs_cny", Type::Number, "cny", "Monthly fixed costs"}},
        {"credentials.licence_in_force",
         {"licence_in_force", Type::Boolean, "", "Licence in force"}},
        {"credentials.unreadable_documents",
         {"unreadable_documents", Type::Number, "documents", "Unreadable documents"}},
        {"credentials.failed_checks", {"failed_checks", Type::Number, "checks", "Failed checks"}},
        {"credentials.signboard_match",
         {"signboard_match", Type::Number, "score", "Signboard matches the registered name"}},
    };
  }

  void goodShopIsApprovedWithinItsEvidence() {
    const Decision decision = decide(testing::shopCaseJson(), {credentials(40000, 12000, 1)});
    QVERIFY2(decision.probabilityOfDefault < policy_->approveMaximumPd(),
             std::to_string(decision.probabilityOfDefault).c_str());
    QCOMPARE(decision.outcome, std::string("approve"));
    // 2 x max(revenue, 2.5 x costs), scaled by risk, capped by the request.
    QVERIFY(decision.limitCny > 0);
    QVERIFY(decision.limitCny <= 80000);
    QCOMPARE(std::fmod(decision.limitCny, 100.0), 0.0);
    QVERIFY(decision.annualRate >= policy_->pricing().minimumRate);
    QVERIFY(decision.annualRate <= policy_->pricing().maximumRate);
    QVERIFY(!decision.reasons.empty() && decision.reasons.size() <= 4);
    QVERIFY(decision.counterfactual.find("raise the limit") != std::string::npos);
    QCOMPARE(decision.pluginVersions.at("credentials"), std::string("1.0.0"));
    QCOMPARE(decision.ruleSetVersion, policy_->version());
  }

  // The shipped decision model scores the applicant together with the evidence: the same
  // farmer reads as riskier with poor, hazard-struck fields than with good ones, and the
  // satellite evidence shows up among the reasons.
  void decisionModelWeighsEvidenceWithTheApplicant() {
    const auto decisionModel = CreditRiskModel::load(fs::path(AVIARY_SOURCE_DIR) /
                                                     "resources/models/decision_default.json");
    const auto columns = decisionModel.columns();
    QVERIFY(std::count_if(columns.begin(), columns.end(),
                          [](const std::string& c) { return c.starts_with("satellite."); }) >= 3);
    QVERIFY(std::find(columns.begin(), columns.end(), "Income") != columns.end());
    using Type = FeatureDescriptor::Type;
    auto catalog = catalog_;
    for (const char* name :
         {"condition_score", "declared_match_ratio", "hazard_count", "crop_confidence",
          "fallow_share", "total_area_mu", "expected_value_cny"})
      catalog[std::string("satellite.") + name] = {name, Type::Number, "", name};
    auto farmerCase = testing::shopCaseJson("farmer-1");
    farmerCase["merchant"]["segment"] = "farmer";
    auto fields = [](double condition, double hazards, double match) {
      Evidence evidence;
      evidence.sourceId = "satellite";
      evidence.sourceVersion = "1.0.0";
      evidence.features = {{"condition_score", condition},
                           {"declared_match_ratio", match},
                           {"hazard_count", hazards},
                           {"crop_confidence", 0.95},
                           {"fallow_share", 0},
                           {"total_area_mu", 40},
                           {"expected_value_cny", 90000}};
      return evidence;
    };
    const DecisionKernel kernel(decisionModel, *policy_, catalog);
    const Decision good = kernel.decide(CaseFile::fromJson(farmerCase), {fields(0.9, 0, 1.0)});
    const Decision poor = kernel.decide(CaseFile::fromJson(farmerCase), {fields(0.05, 3, 0.3)});
    QVERIFY2(poor.probabilityOfDefault > good.probabilityOfDefault * 1.2,
             (std::to_string(good.probabilityOfDefault) + " vs " +
              std::to_string(poor.probabilityOfDefault))
                 .c_str());
    QVERIFY(std::any_of(poor.reasons.begin(), poor.reasons.end(),
                        [](const DecisionReason& r) { return r.group == "satellite"; }));
    // A farmer's reasons never cite sources it has no evidence from.
    for (const auto& reason : poor.reasons)
      QVERIFY2(reason.group == "applicant" || reason.group == "satellite", reason.text.c_str());
  }

  void reasonsAddUpToTheLogOdds() {
    const auto row =
        DecisionKernel(*model_, *policy_, catalog_)
            .modelRow(CaseFile::fromJson(testing::shopCaseJson()), {credentials(40000, 12000, 1)});
    const RiskScore score = model_->score(row);
    double logit = score.bias;
    for (const auto& [column, contribution] : score.contributions) logit += contribution;
    const double pd = score.probabilityOfDefault;
    QVERIFY2(std::fabs(logit - std::log(pd / (1 - pd))) < 1e-3, std::to_string(logit).c_str());
  }

  void revokedLicenceIsDeclined() {
    const Decision decision = decide(testing::shopCaseJson(), {credentials(40000, 12000, 0)});
    QCOMPARE(decision.outcome, std::string("decline"));
    QCOMPARE(decision.limitCny, 0.0);
    QCOMPARE(decision.rulesFired.front().id, std::string("D001"));
  }

  void unavailableEvidenceRefersNeverApproves() {
    const Decision decision = decide(
        testing::shopCaseJson(), {Evidence::failed("credentials", "M", "timed out after 100 ms")});
    QCOMPARE(decision.outcome, std::string("refer"));
    bool named = false;
    for (const auto& rule : decision.rulesFired) named |= rule.id == "EVIDENCE-credentials";
    QVERIFY(named);
  }

  void unreadableDocumentRefers() {
    const Decision decision = decide(testing::shopCaseJson(), {credentials(40000, 12000, 1, 1)});
    QCOMPARE(decision.outcome, std::string("refer"));
    QVERIFY(decision.limitCny > 0);  // a suggested limit for the underwriter
  }

  // Another business's signboard on the shop-front photo refers the case (R008); a matching
  // board, or no shop-front photo at all, does not.
  void signboardOfAnotherBusinessRefers() {
    const auto fired = [](const Decision& decision, const std::string& id) {
      return std::any_of(decision.rulesFired.begin(), decision.rulesFired.end(),
                         [&](const FiredRule& rule) { return rule.id == id; });
    };
    auto evidence = credentials(40000, 12000, 1);
    evidence.features["signboard_match"] = 0.35;
    const Decision mismatch = decide(testing::shopCaseJson(), {evidence});
    QCOMPARE(mismatch.outcome, std::string("refer"));
    QVERIFY(fired(mismatch, "R008"));
    evidence.features["signboard_match"] = 0.92;
    QVERIFY(!fired(decide(testing::shopCaseJson(), {evidence}), "R008"));
    QVERIFY(!fired(decide(testing::shopCaseJson(), {credentials(40000, 12000, 1)}), "R008"));
  }

  void riskyApplicantIsNotApproved() {
    auto risky = testing::shopCaseJson("risky");
    risky["applicant"]["Records"] = "yes";
    risky["applicant"]["Seniority"] = 0;
    risky["applicant"]["Job"] = "partime";
    risky["applicant"]["Income"] = 40;
    risky["applicant"]["Assets"] = 0;
    risky["applicant"]["Debt"] = 4000;
    risky["applicant"]["Amount"] = 2000;
    risky["applicant"]["Price"] = 2100;
    const Decision decision = decide(risky, {credentials(40000, 12000, 1)});
    QVERIFY(decision.probabilityOfDefault > 0.2);
    QVERIFY(decision.outcome != "approve");
    QVERIFY(decision.reasons.front().contribution > 0);  // the top reason raised the risk
  }

  void decisionsAreDeterministic() {
    const auto a = decide(testing::shopCaseJson(), {credentials(40000, 12000, 1)});
    const auto b = decide(testing::shopCaseJson(), {credentials(40000, 12000, 1)});
    QCOMPARE(a.toJson().dump(), b.toJson().dump());
    QCOMPARE(Decision::fromJson(nlohmann::json::parse(a.toJson().dump())).toJson().dump(),
             a.toJson().dump());
  }

  void badCaseFilesAreRefusedClearly_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero amount") << "/application/requested_amount_cny"
                                 << "0"
                                 << "above 0";
    QTest::newRow("absurd amount") << "/application/requested_amount_cny"
                                   << "1e12"
                                   << "at most";
    QTest::newRow("negative income") << "/applicant/Income"
                                     << "-5"
                                     << "negative";
    QTest::newRow("bad segment") << "/merchant/segment"
                                 << "\"Bank!\""
                                 << "lower-case segment";
    QTest::newRow("bad date") << "/as_of"
                              << "\"2026-02-30\""
                              << "not a real date";
    QTest::newRow("no merchant id") << "/merchant/merchant_id"
                                    << "\"\""
                                    << "merchant.merchant_id";
  }
  void badCaseFilesAreRefusedClearly() {
    QFETCH(QString, path);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    auto json = testing::shopCaseJson();
    json[nlohmann::json::json_pointer(path.toStdString())] =
        nlohmann::json::parse(value.toStdString());
    try {
      CaseFile::fromJson(json);
      QFAIL("the case file should have been refused");
    } catch (const CaseFileError& error) {
      QVERIFY2(std::string(error.what()).find(expected.toStdString()) != std::string::npos,
               error.what());
    }
  }

  void malformedPolicyIsRefusedWithTheRule() {
    try {
      PolicyRuleSet::fromText(R"({"name":"p","version":"1","thresholds":{"approve_maximum_pd":0.1,
        "decline_minimum_pd":0.4},"rules":[{"id":"X1","action":"refer","text":"t","when":{"value":"a",
        "roughly":3}}],"limits":{},"pricing":{}})",
                              "test");
      QFAIL("should refuse");
    } catch (const std::invalid_argument& error) {
      QVERIFY2(std::string(error.what()).find("rule X1") != std::string::npos, error.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestDecisionKernel)
#include "TestDecisionKernel.moc"
