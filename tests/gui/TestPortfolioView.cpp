#include <QChart>
#include <QChartView>
#include <QDir>
#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include <pqxx/pqxx>

#include "Backtester.h"
#include "BookTrainingTable.h"
#include "CaseDecider.h"
#include "CreditModelTrainer.h"
#include "DatabaseLocator.h"
#include "DecisionKernel.h"
#include "ExperimentRepository.h"
#include "OutcomeImporter.h"
#include "PortfolioView.h"
#include "ReleaseRepository.h"
#include "SyntheticBook.h"
#include "TestDatabaseCluster.h"

using namespace aviary;
using namespace aviary::gui;
namespace fs = std::filesystem;

// The risk team's Portfolio view on a real book: a few hundred decided cases with outcomes,
// a back-test and a running experiment, read as the least-privileged underwriter role.
class TestPortfolioView : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;

  void decideBook(std::vector<testing::SyntheticCase> cases, const CreditRiskModel& model,
                  const PolicyRuleSet& policy,
                  const std::map<std::string, FeatureDescriptor>& catalog) {
    CaseRepository repository(url_);
    const DecisionKernel kernel(model, policy, catalog);
    const nlohmann::json catalogJson = CaseDecider::toJson(catalog);
    const std::string modelText = model.model().toJsonText();
    for (const auto& item : cases) {
      const auto submitted = repository.submit(item.caseFile);
      QVERIFY(repository.claim(submitted.caseId, "portfolio-test"));
      repository.recordDecision(submitted.caseId, item.evidence,
                                kernel.decide(item.caseFile, item.evidence), modelText,
                                policy.text(), catalogJson, "portfolio-test");
    }
  }

  static std::vector<testing::SyntheticCase> cases(std::size_t from, std::size_t count,
                                                   unsigned seed) {
    static const auto applicants =
        CsvTable::read(std::string(AVIARY_SOURCE_DIR) + "/resources/demo/applicants.csv");
    std::mt19937 random(seed);
    auto made = testing::syntheticCases(applicants, from + count, random);
    return {made.begin() + static_cast<long>(from), made.end()};
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("portfolio");
    const auto model = CreditRiskModel::load(fs::path(AVIARY_SOURCE_DIR) /
                                             "resources/models/decision_default.json");
    const auto policy =
        PolicyRuleSet::load(fs::path(AVIARY_SOURCE_DIR) / "resources/rules/policy.json");
    const auto catalog = testing::syntheticCatalog();
    decideBook(cases(0, 160, 11), model, policy, catalog);

    // A tighter candidate, back-tested and then tried on a share of new cases.
    auto tighter = nlohmann::json::parse(policy.text());
    tighter["version"] = "tighter-1";
    tighter["thresholds"]["approve_maximum_pd"] = 0.06;
    const auto candidate = PolicyRuleSet::fromText(tighter.dump(), "tighter");
    Backtester backtester(url_);
    const auto summary = backtester.run(candidate, nullptr, {});
    QVERIFY(summary["changed"].get<long>() > 0);
    backtester.store(summary, candidate, nullptr, {});
    ReleaseRepository(url_).proposeRules(candidate.name(), candidate.version(), candidate.sha256(),
                                         candidate.text(), "approve only below 6%",
                                         nlohmann::json::array());
    ExperimentRepository(url_).start("tighter-1", "", 0.5, "tighter PD cut-off");
    // New cases follow their arm's rule set (the view reads only what is stored).
    auto arms = cases(160, 40, 12);
    CaseRepository repository(url_);
    const DecisionKernel champion(model, policy, catalog), challenger(model, candidate, catalog);
    for (auto& item : arms) {
      item.caseFile.idempotencyKey = "arm-" + item.caseFile.idempotencyKey;
      const auto submitted = repository.submit(item.caseFile);
      const auto stored = repository.load(submitted.caseId);
      QVERIFY(repository.claim(submitted.caseId, "portfolio-test"));
      const auto& kernel = stored.releases.arm == "challenger" ? challenger : champion;
      repository.recordDecision(submitted.caseId, item.evidence,
                                kernel.decide(item.caseFile, item.evidence),
                                model.model().toJsonText(),
                                (stored.releases.arm == "challenger" ? candidate : policy).text(),
                                CaseDecider::toJson(catalog), "portfolio-test");
    }
    // Repayment so far: the riskiest fifth defaulted.
    const QTemporaryDir scratch;  // a fixed name would collide with a concurrent run
    const fs::path csv = fs::path(scratch.path().toStdString()) / "outcomes.csv";
    {
      pqxx::connection connection(url_);
      pqxx::read_transaction tx(connection);
      std::ofstream out(csv);
      out << "case_id,as_of,status\n";
      for (const auto& row :
           tx.exec("SELECT case_id, ntile(5) OVER (ORDER BY pd DESC) FROM decisions"))
        out << row[0].as<long>() << ",2027-06-30,"
            << (row[1].as<int>() == 1 ? "default" : "current") << "\n";
    }
    QCOMPARE(OutcomeImporter(url_).import(csv).recorded, std::size_t(200));
  }
  void cleanupTestCase() { cluster_.reset(); }

  void chartsTheBookAsAnUnderwriter() {
    PortfolioView view;
    view.resize(1500, 980);
    view.show();
    QSignalSpy loaded(&view, &PortfolioView::loaded);
    QSignalSpy failed(&view, &PortfolioView::loadFailed);
    view.reload(DatabaseLocator::withRole(url_, "aviary_underwriter"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() || !failed.isEmpty(), 60000);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));

    // Drift: one bar per input (the most shifted first), coloured by threshold, with the
    // 0.10 and 0.25 lines.
    const QChart* drift = view.driftChart()->chart();
    QCOMPARE(drift->series().size(), 3);
    QVERIFY(drift->title().contains("population stability"));
    // Rates per week: approve, decline, refer and override.
    QCOMPARE(view.ratesChart()->chart()->series().size(), 4);
    QVERIFY(view.backtestChart()->chart()->title().contains("tighter-1"));
    QVERIFY(view.experimentChart()->chart()->title().contains("running"));
    QVERIFY(!view.experimentChart()->chart()->series().isEmpty());
    QVERIFY(view.notes()->text().contains("200 automatic decisions"));

    const bool updateDocs = qEnvironmentVariableIsSet("AVIARY_UPDATE_SCREENSHOTS");
    const QDir out(updateDocs ? QString(AVIARY_SOURCE_DIR) + "/docs/screenshots"
                              : QString(AVIARY_BINARY_DIR) + "/screenshots");
    QVERIFY(QDir().mkpath(out.path()));
    QTest::qWait(50);
    const QString path = out.filePath("workbench-portfolio.png");
    QVERIFY(view.grab().toImage().save(path));
    QVERIFY(QFileInfo(path).size() > 20000);
  }

  void retrainsOnTheBooksOwnOutcomes() {
    const CsvTable table = BookTrainingTable::fromBook(url_, {});
    QCOMPARE(table.rowCount(), std::size_t(200));
    QVERIFY(table.columnIndex(BookTrainingTable::kTarget) >= 0);
    QVERIFY(table.columnIndex("credentials.documented_monthly_revenue_cny") >= 0);
    QVERIFY(table.columnIndex("Income") >= 0);
    credit::TrainerOptions options;
    options.target = {BookTrainingTable::kTarget, "bad"};
    options.folds = 2;
    options.innerFolds = 2;
    options.maxRounds = 60;
    options.grid = {credit::HyperParameters{}};
    const auto result = credit::CreditModelTrainer(options).train(table);
    QVERIFY(result.aucMean > 0.7);  // the defaults were the riskiest fifth by the model's own PD
    const auto columns = result.model->featureColumns();
    QVERIFY(std::find(columns.begin(), columns.end(), "supplychain.monthly_purchase_cny") !=
            columns.end());
  }

  void saysWhenTheBookIsTooThin() {
    const std::string empty = cluster_->createMigratedDatabase("empty");
    PortfolioView view;
    QSignalSpy loaded(&view, &PortfolioView::loaded);
    view.reload(empty);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60000);
    QVERIFY(view.notes()->text().contains("too few"));
    QVERIFY(view.driftChart()->chart()->series().isEmpty());
    QVERIFY(view.backtestChart()->chart()->title().contains("none run yet"));
  }
};

QTEST_MAIN(TestPortfolioView)
#include "TestPortfolioView.moc"
