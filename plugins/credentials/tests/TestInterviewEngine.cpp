#include <QtTest>

#include "DocumentReadingJson.h"
#include "IndustryMaterials.h"
#include "InterviewEngine.h"

using namespace aviary;

namespace {

DocumentReading document(const std::string& file, const std::string& kind,
                         std::map<std::string, std::string> values) {
  DocumentReading reading;
  reading.file = file;
  reading.kind = kind;
  reading.confidence = 0.9;
  for (const auto& [name, value] : values) reading.fields[name] = {value, 0.9, 0, 0, 0, 0};
  return reading;
}

// Runs the interview, answering each question id from `answers` ("" when absent), and
// returns the ids in the order they were asked.
std::vector<std::string> converse(InterviewEngine& engine,
                                  const std::map<std::string, std::string>& answers) {
  std::vector<std::string> asked;
  while (const auto question = engine.next()) {
    asked.push_back(question->id);
    if (asked.size() > 40) break;  // a loop that never ends is a failure, not a hang
    const auto it = answers.find(question->id);
    engine.answer(it == answers.end() ? "" : it->second);
  }
  return asked;
}

const nlohmann::json* findingNamed(const nlohmann::json& transcript, const std::string& name) {
  for (const auto& finding : transcript["findings"])
    if (finding.value("name", "") == name) return &finding;
  return nullptr;
}

std::vector<DocumentReading> restaurantDocuments() {
  return {document("licence.jpg", "business_license",
                   {{"established_date", "2019-04-02"},
                    {"legal_representative", "王伟"},
                    {"term_end", "long_term"}}),
          document("food.jpg", "food_business_license", {{"valid_until", "2028-01-01"}}),
          document("lease.jpg", "store_lease",
                   {{"monthly_rent", "6000.00"}, {"end_date", "2027-03-31"}}),
          document("pos.jpg", "pos_settlement", {{"amount", "80000.00"}})};
}

}  // namespace

class TestInterviewEngine : public QObject {
  Q_OBJECT

 private slots:
  void materialsAreSortedByWhatTheyUnlock() {
    for (const std::string& industry : IndustryMaterials::industries()) {
      const auto needs = IndustryMaterials::forIndustry(industry);
      QVERIFY(needs.size() >= 6);
      for (std::size_t i = 1; i < needs.size(); ++i)
        QVERIFY(needs[i - 1].limitShare >= needs[i].limitShare);
      for (const auto& need : needs) QVERIFY2(!need.why.empty(), need.code.c_str());
    }
    QCOMPARE(IndustryMaterials::forIndustry("farm").front().code, std::string("land_contract"));
  }

  void industryFromWordsAndDocuments() {
    QCOMPARE(IndustryMaterials::fromAnswer("我开了一家面馆"), std::string("restaurant"));
    QCOMPARE(IndustryMaterials::fromAnswer("a small grocery shop"), std::string("retail"));
    QCOMPARE(IndustryMaterials::fromAnswer("种苹果的果园"), std::string("farm"));
    QCOMPARE(IndustryMaterials::fromAnswer("建材批发"), std::string("dealer"));
    QCOMPARE(IndustryMaterials::fromAnswer("car repair garage"), std::string("workshop"));
    QCOMPARE(IndustryMaterials::fromAnswer("hmm"), std::string());
    QCOMPARE(IndustryMaterials::fromDocumentKinds({"store_lease", "land_contract"}),
             std::string("farm"));
  }

  void answersAreParsed() {
    QCOMPARE(InterviewEngine::purposeCategory("买一台新冰箱和灶台"), std::string("equipment"));
    QCOMPARE(InterviewEngine::purposeCategory("stock for the new year"),
             std::string("working_capital"));
    QCOMPARE(InterviewEngine::purposeCategory("还信用卡"), std::string("refinance"));
    QCOMPARE(InterviewEngine::amountYuan("5万").value_or(0), 50000.0);
    QCOMPARE(InterviewEngine::amountYuan("about 120,000 yuan").value_or(0), 120000.0);
    QCOMPARE(InterviewEngine::amountYuan("三千五百").value_or(0), 3500.0);
    QVERIFY(!InterviewEngine::amountYuan("not sure").has_value());
    const auto monthly = InterviewEngine::repayment("每月还，12个月");
    QCOMPARE(monthly.cycle, std::string("monthly"));
    QCOMPARE(monthly.termMonths, 12);
    const auto harvest = InterviewEngine::repayment("秋后收获了一次还清，一年");
    QCOMPARE(harvest.cycle, std::string("seasonal"));
    QCOMPARE(harvest.termMonths, 12);
    QCOMPARE(InterviewEngine::repayment("two years, monthly").cycle, std::string("monthly"));
    QCOMPARE(InterviewEngine::yesNo("没有"), std::optional<bool>(false));
    QCOMPARE(InterviewEngine::yesNo("有，明天拍"), std::optional<bool>(true));
    QCOMPARE(InterviewEngine::yesNo("no, I don't have it"), std::optional<bool>(false));
    QCOMPARE(InterviewEngine::yesNo("yes"), std::optional<bool>(true));
  }

  void restaurantInterviewChecksAnswersAgainstDocuments() {
    InterviewEngine engine({"M-17", "", "2026-11-26", 3}, restaurantDocuments());
    const auto asked = converse(engine, {{"purpose", "买一台新冰箱和灶台"},
                                         {"amount", "60000"},
                                         {"repayment", "每月还，24个月"},
                                         {"check:rent_matches_lease", "9000"},
                                         {"check:start_year_matches_licence", "2019年"},
                                         {"check:owner_matches_licence", "王伟"},
                                         {"material:utility_bills", "有"},
                                         {"material:payroll", "没有"}});
    const nlohmann::json transcript = engine.transcript();
    // The industry came from the food licence, so it is not asked.
    QCOMPARE(transcript["industry"].get<std::string>(), std::string("restaurant"));
    QCOMPARE(asked.front(), std::string("purpose"));
    QVERIFY(std::find(asked.begin(), asked.end(), "industry") == asked.end());
    // Held materials are not asked for; the first ask is the most valuable missing one
    // (licence, food licence, revenue and lease are held: identity, then utilities).
    const auto firstMaterial = std::find_if(asked.begin(), asked.end(),
                                            [](auto& id) { return id.rfind("material:", 0) == 0; });
    QVERIFY(firstMaterial != asked.end());
    QCOMPARE(*firstMaterial, std::string("material:id_card_front"));
    QVERIFY(std::find(asked.begin(), asked.end(), "material:revenue") == asked.end());
    QCOMPARE(std::count_if(asked.begin(), asked.end(),
                           [](auto& id) { return id.rfind("material:", 0) == 0; }),
             3L);

    const auto* rent = findingNamed(transcript, "rent_matches_lease");
    QVERIFY(rent);
    QCOMPARE((*rent)["passed"].get<bool>(), false);  // said 9000, the lease says 6000
    QVERIFY((*rent)["detail"].get<std::string>().find("lease.jpg") != std::string::npos);
    QCOMPARE((*findingNamed(transcript, "start_year_matches_licence"))["passed"].get<bool>(), true);
    QCOMPARE((*findingNamed(transcript, "owner_matches_licence"))["passed"].get<bool>(), true);
    QCOMPARE((*findingNamed(transcript, "purpose_is_productive"))["passed"].get<bool>(), true);
    // 60000 is 0.75 months of the 80000 POS revenue.
    QCOMPARE((*findingNamed(transcript, "amount_within_revenue"))["passed"].get<bool>(), true);
    // The lease ends 2027-03-31, 4 months into a 24-month loan.
    const auto* lease = findingNamed(transcript, "lease_covers_term");
    QVERIFY(lease);
    QCOMPARE((*lease)["passed"].get<bool>(), false);

    QCOMPARE(transcript["answers"]["purpose"]["category"].get<std::string>(),
             std::string("equipment"));
    QCOMPARE(transcript["answers"]["repayment"]["term_months"].get<int>(), 24);
    // Every Aviary question carries its reason; the last turn is the summary.
    for (const auto& turn : transcript["turns"])
      if (turn["speaker"] == "Aviary" && turn["question"] != "summary")
        QVERIFY(!turn.value("why", "").empty());
    QCOMPARE(transcript["turns"].back()["question"].get<std::string>(), std::string("summary"));
    QVERIFY(transcript["complete"].get<bool>());
    bool promised = false;
    for (const auto& material : transcript["materials"])
      if (material["code"] == "utility_bills")
        promised = material["status"].get<std::string>() == "promised";
    QVERIFY(promised);
  }

  void farmerIsAskedTheIndustryAndWarnedOffMonthlyRepayment() {
    InterviewEngine engine({"F-3", "", "2026-11-26", 2}, {});
    const auto asked = converse(engine, {{"industry", "种苹果的果园"},
                                         {"purpose", "买化肥和农药"},
                                         {"amount", "3万"},
                                         {"repayment", "monthly over 12 months"},
                                         {"material:land_contract", "yes"}});
    QCOMPARE(asked.front(), std::string("industry"));
    const nlohmann::json transcript = engine.transcript();
    QCOMPARE(transcript["industry"].get<std::string>(), std::string("farm"));
    QCOMPARE((*findingNamed(transcript, "repayment_fits_cash_cycle"))["passed"].get<bool>(), false);
    // No revenue document: the amount is not judged, and the land contract is asked first.
    QVERIFY(findingNamed(transcript, "amount_within_revenue") == nullptr);
    QVERIFY(std::find(asked.begin(), asked.end(), "material:land_contract") != asked.end());
    QCOMPARE(transcript["answers"]["amount"]["yuan"].get<double>(), 30000.0);
  }

  void refinancingAndTooLargeAmountsAreFlagged() {
    InterviewEngine engine({"M-9", "retail", "2026-11-26", 1},
                           {document("pos.jpg", "pos_settlement", {{"amount", "10000.00"}})});
    converse(engine, {{"purpose", "to repay another loan"}, {"amount", "200000"}});
    const nlohmann::json transcript = engine.transcript();
    QCOMPARE((*findingNamed(transcript, "purpose_is_productive"))["passed"].get<bool>(), false);
    QCOMPARE((*findingNamed(transcript, "amount_within_revenue"))["passed"].get<bool>(), false);
    // No repayment answer: the plan is unclear, and that is a finding too.
    QCOMPARE((*findingNamed(transcript, "repayment_fits_cash_cycle"))["passed"].get<bool>(), false);
  }

  void unreadablePhotoIsAskedAgain() {
    DocumentReading blurred = document("pos.jpg", "pos_settlement", {});
    blurred.reshoot = "the photo is blurred: hold the phone still";
    InterviewEngine engine({"M-2", "retail", "2026-11-26", 2},
                           {document("licence.jpg", "business_license", {}), blurred});
    const auto asked = converse(engine, {});
    // Revenue is the most valuable retail material, and its photo must be taken again.
    QVERIFY(std::find(asked.begin(), asked.end(), "material:revenue") != asked.end());
    bool mentioned = false;
    const nlohmann::json transcript = engine.transcript();
    for (const auto& turn : transcript["turns"])
      if (turn["question"] == "material:revenue")
        mentioned =
            mentioned || turn["text"].get<std::string>().find("blurred") != std::string::npos;
    QVERIFY(mentioned);
  }

  void stoppingEarlyKeepsWhatWasSaid() {
    InterviewEngine engine({"M-4", "workshop", "2026-11-26", 4}, {});
    QVERIFY(engine.next().has_value());
    engine.answer("new lathe");
    QVERIFY(engine.next().has_value());
    engine.stop();
    QVERIFY(!engine.next().has_value());
    const auto transcript = engine.transcript();
    QCOMPARE(transcript["complete"].get<bool>(), false);
    QCOMPARE(transcript["answers"]["purpose"]["category"].get<std::string>(),
             std::string("equipment"));
  }

  void readingsRoundTripThroughJson() {
    DocumentReading lease = document("lease.jpg", "store_lease", {{"monthly_rent", "6000.00"}});
    const DocumentReading back = DocumentReadingJson::fromJson(DocumentReadingJson::toJson(lease));
    QCOMPARE(back.kind, std::string("store_lease"));
    QCOMPARE(back.fieldValue("monthly_rent"), std::string("6000.00"));
  }
};

QTEST_GUILESS_MAIN(TestInterviewEngine)
#include "TestInterviewEngine.moc"
