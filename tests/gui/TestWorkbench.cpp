#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include <algorithm>
#include <pqxx/pqxx>

#include "ActionDialog.h"
#include "AnnotatedImageView.h"
#include "CaseQueueFilter.h"
#include "CaseQueueModel.h"
#include "CaseQueuePanel.h"
#include "CredentialsTab.h"
#include "DatabaseLocator.h"
#include "DecisionTab.h"
#include "GenericEvidenceTab.h"
#include "MerchantHeader.h"
#include "SatelliteTab.h"
#include "SupplyChainGraphView.h"
#include "SupplyChainTab.h"
#include "TestDatabaseCluster.h"
#include "TimeSeriesChart.h"
#include "UnderwriterActions.h"
#include "WorkbenchSampleCases.h"
#include "WorkbenchWindow.h"

using namespace aviary;
using namespace aviary::gui;

// The workbench against a real throwaway PostgreSQL holding cases of every segment.
class TestWorkbench : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;
  testing::WorkbenchSampleCases::Ids ids_;
  std::unique_ptr<WorkbenchWindow> window_;

  long count(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }
  std::string text(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<std::string>();
  }
  int visibleRows() { return window_->queue()->filter()->rowCount(); }
  void open(std::int64_t caseId) {
    QSignalSpy shown(window_.get(), &WorkbenchWindow::caseShown);
    window_->openCase(caseId);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->currentCase() && window_->currentCase()->caseId == caseId && !window_->busy(),
        20000);
  }
  void reloadQueue() {
    QSignalSpy loaded(window_.get(), &WorkbenchWindow::queueLoaded);
    window_->setDatabase(url_);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 20000);
  }
  static QStringList column(QTableWidget* table, int c) {
    QStringList values;
    for (int r = 0; r < table->rowCount(); ++r)
      values << (table->item(r, c) ? table->item(r, c)->text() : QString());
    return values;
  }

 private slots:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
    QCoreApplication::setOrganizationName("AviaryTest");
    QSettings().clear();
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("workbench");
    ids_ = testing::WorkbenchSampleCases::seed(url_);
    window_ = std::make_unique<WorkbenchWindow>();
    window_->resize(1600, 1000);
    window_->show();
    QElapsedTimer timer;
    timer.start();
    reloadQueue();
    qInfo("queue of %ld cases loaded in %lld ms", count("SELECT count(*) FROM applications"),
          timer.elapsed());
  }
  void cleanupTestCase() {
    window_.reset();
    cluster_.reset();
  }

  void queueListsEveryCaseWithCounts() {
    QCOMPARE(window_->queue()->model()->rowCount(),
             int(count("SELECT count(*) FROM applications")));
    const QString counts = window_->queue()->countsText();
    QVERIFY2(counts.contains(
                 QString("<b>%1</b> referred")
                     .arg(count("SELECT count(*) FROM applications WHERE status = 'referred'"))),
             qPrintable(counts));
    QVERIFY(counts.contains(
        QString("<b>%1</b> pending")
            .arg(count(
                "SELECT count(*) FROM applications WHERE status IN ('submitted', 'processing')"))));
  }

  void queueFiltersWork() {
    CaseQueuePanel* queue = window_->queue();
    const auto choose = [](QComboBox* box, const QString& value) {
      const int index = box->findData(value);
      QVERIFY2(index >= 0, qPrintable(value));
      box->setCurrentIndex(index);
    };
    choose(queue->statusBox(), "referred");
    QCOMPARE(visibleRows(),
             int(count("SELECT count(*) FROM applications WHERE status = 'referred'")));
    QVERIFY(visibleRows() > 0);
    choose(queue->statusBox(), "decided");
    QCOMPARE(
        visibleRows(),
        int(count("SELECT count(*) FROM applications WHERE status IN ('approved', 'declined')")));
    choose(queue->statusBox(), "pending");
    QCOMPARE(visibleRows(), 1);
    choose(queue->statusBox(), QString());
    for (const char* segment : {"farmer", "dealer", "shop"}) {
      choose(queue->segmentBox(), segment);
      QCOMPARE(visibleRows(),
               int(count(std::string("SELECT count(*) FROM merchants WHERE segment = '") + segment +
                         "'")));
    }
    choose(queue->segmentBox(), QString());

    queue->searchField()->setText("noodles");
    QCOMPARE(visibleRows(), 1);
    QCOMPARE(visibleRows() > 0 ? queue->filter()
                                     ->index(0, CaseQueueModel::Case)
                                     .data(CaseQueueModel::kCaseIdRole)
                                     .toLongLong()
                               : 0,
             qlonglong(ids_.shopChecks));
    queue->searchField()->setText("DEAL2R");  // part of a USCC
    QCOMPARE(visibleRows(), 1);
    queue->searchField()->clear();

    // The kernel's referral reasons are offered, and choosing one keeps only those cases.
    choose(queue->referralBox(), "R005");
    QCOMPARE(visibleRows(), int(count("SELECT count(*) FROM decisions WHERE kind = 'automatic' AND "
                                      "rules_fired @> '[{\"id\": \"R005\"}]'")));
    QVERIFY(visibleRows() >= 1);
    choose(queue->referralBox(), QString());

    queue->filter()->setAmountRange(100000, 500000);
    QCOMPARE(visibleRows(), int(count("SELECT count(*) FROM applications WHERE "
                                      "requested_amount_cny BETWEEN 100000 AND 500000")));
    queue->filter()->setAmountRange(std::nullopt, std::nullopt);
    queue->filter()->setPdRange(0.0, 0.05);
    QCOMPARE(visibleRows(),
             int(count("SELECT count(*) FROM decisions WHERE kind = 'automatic' AND pd <= 0.05")));
    queue->filter()->setPdRange(std::nullopt, std::nullopt);
    queue->filter()->setDateRange(QDate::currentDate().addDays(1), std::nullopt);
    QCOMPARE(visibleRows(), 0);
    queue->filter()->setDateRange(QDate::currentDate().addDays(-1),
                                  QDate::currentDate().addDays(1));
    QCOMPARE(visibleRows(), queue->model()->rowCount());
    queue->filter()->setDateRange(std::nullopt, std::nullopt);

    // Sorting by amount sorts numbers, not text.
    queue->table()->sortByColumn(CaseQueueModel::Amount, Qt::AscendingOrder);
    double previous = -1;
    for (int r = 0; r < visibleRows(); ++r) {
      const double amount =
          queue->filter()->index(r, CaseQueueModel::Amount).data(Qt::UserRole).toDouble();
      QVERIFY(amount >= previous);
      previous = amount;
    }
    queue->table()->sortByColumn(CaseQueueModel::Case, Qt::DescendingOrder);
  }

  // The table comes from the versioned "parcels" artifact, so an uncertain crop reads as such;
  // evidence without it shows the facts as written instead of guessing at their wording.
  void satelliteTabReadsTheParcelTableNotTheProse() {
    auto evidence = testing::WorkbenchSampleCases::satelliteEvidence(false);
    for (auto& artifact : evidence["artifacts"])
      if (artifact["name"] == "parcels") {
        artifact["data"]["rows"][1]["crop"] = "uncertain";
        artifact["data"]["rows"][1]["best_guess"] = "millet";
      }
    SatelliteTab tab;
    tab.showEvidence(evidence);
    QCOMPARE(tab.parcels()->item(1, 1)->text(), QString("uncertain (best guess millet)"));
    QCOMPARE(tab.parcels()->item(1, 4)->text(), QString("normal"));
    auto& artifacts = evidence["artifacts"];
    artifacts.erase(std::remove_if(artifacts.begin(), artifacts.end(),
                                   [](const nlohmann::json& a) { return a["name"] == "parcels"; }),
                    artifacts.end());
    tab.showEvidence(evidence);
    QCOMPARE(tab.parcels()->rowCount(), 2);
    QVERIFY(tab.parcels()->item(0, 1)->text().startsWith("maize on 12.4 mu"));
    QCOMPARE(tab.parcels()->item(0, 3)->text(), QString());
  }

  void satelliteTabShowsTheParcels() {
    open(ids_.farmerHazard);
    const auto evidence = testing::WorkbenchSampleCases::satelliteEvidence(true);
    SatelliteTab* tab = window_->satelliteTab();
    QCOMPARE(tab->parcels()->rowCount(), 2);
    QCOMPARE(column(tab->parcels(), 0), (QStringList{"P-101", "P-102"}));
    QCOMPARE(column(tab->parcels(), 1), (QStringList{"maize", "maize"}));
    QCOMPARE(column(tab->parcels(), 3), (QStringList{"12.40", "8.15"}));
    QVERIFY(tab->parcels()->item(1, 6)->text().contains("flood"));
    QVERIFY2(
        tab->figures()->text().contains("20.6 mu") || tab->figures()->text().contains("20.5 mu"),
        qPrintable(tab->figures()->text()));
    tab->parcels()->setCurrentCell(1, 0);
    auto* quicklook = tab->parcelView()->findChild<AnnotatedImageView*>("quicklook");
    QVERIFY(quicklook != nullptr);
    QVERIFY(quicklook->outlinePixelCount() > 20);  // the parcel's outline was traced
    auto* chart = tab->parcelView()->findChild<TimeSeriesChart*>("ndviChart");
    QVERIFY(chart != nullptr);
    int cloudy = 0, clear = 0;
    for (const auto& flag : evidence["artifacts"][2]["data"]["cloudy"])
      (flag.get<bool>() ? cloudy : clear)++;
    QCOMPARE(chart->pointCount("cloudy, rejected"), cloudy);
    QCOMPARE(chart->pointCount("NDVI (clear)"), clear);
    QVERIFY(chart->seriesNames().contains("flood 07-10 – 07-31"));
    QVERIFY(chart->chart()->axes(Qt::Horizontal).front()->titleText().size() > 0);
    QVERIFY(chart->chart()->axes(Qt::Vertical).front()->titleText().size() > 0);
    QVERIFY(window_->tabs()->tabText(1).contains("none"));  // a farmer has no supply-chain evidence
  }

  void supplyChainTabShowsTheNeighbourhood() {
    open(ids_.dealerRing);
    SupplyChainTab* tab = window_->supplyChainTab();
    QVERIFY(tab->graph() != nullptr);
    const auto graph =
        testing::WorkbenchSampleCases::supplyChainEvidence(true)["artifacts"][0]["data"];
    QCOMPARE(tab->graph()->nodeCount(), int(graph["nodes"].size()));
    QCOMPARE(tab->graph()->edgeCount(), int(graph["edges"].size()));
    QVERIFY(tab->graph()->nodeLabels().contains("X7"));
    QVERIFY(tab->purchases() != nullptr);
    QCOMPARE(tab->purchases()->pointCount("monthly purchases"), 12);
    QCOMPARE(tab->flags()->item(0, 0)->text(), QString("circular trade"));
    const QString flag = tab->flags()->item(0, 1)->text();
    QVERIFY2(flag.contains("members: F-1001, X7, X8"), qPrintable(flag));
    QVERIFY(flag.contains("T9002"));
    QCOMPARE(column(tab->standing(), 1), (QStringList{"71% of its trust", "29% of its trust"}));
    QCOMPARE(column(tab->standing(), 0), (QStringList{"D1 (distributor)", "D2 (distributor)"}));
  }

  // Without the versioned findings table (evidence stored before it), the facts as written.
  void supplyChainTabShowsFactsWithoutItsTable() {
    auto evidence = testing::WorkbenchSampleCases::supplyChainEvidence(true);
    evidence["artifacts"].erase(2);
    SupplyChainTab tab;
    tab.showEvidence(evidence);
    QCOMPARE(tab.flags()->item(0, 0)->text(), QString("circular trade"));
    QVERIFY(tab.flags()->item(0, 1)->text().contains("; members F-1001, X7, X8"));
    QCOMPARE(tab.standing()->rowCount(), 2);
  }

  void credentialsTabShowsPhotosFieldsAndChecks() {
    open(ids_.shopChecks);
    CredentialsTab* tab = window_->credentialsTab();
    QCOMPARE(tab->documents()->count(), 3);
    tab->documents()->setCurrentRow(0);
    QCOMPARE(tab->fields()->rowCount(), 4);
    QCOMPARE(tab->photo()->boxCount(), 4);
    QVERIFY(!tab->photo()->image().isNull());
    QVERIFY(column(tab->fields(), 1).contains("91350100M000100Y43"));
    tab->documents()->setCurrentRow(1);
    const QStringList results = column(tab->checks(), 1);
    QVERIFY2(results.contains("✘ failed"), qPrintable(results.join(",")));
    QVERIFY(column(tab->checks(), 2).join(" ").contains("differs from figures"));
    tab->documents()->setCurrentRow(2);
    QVERIFY(tab->reshoot()->text().contains("step back"));
    QCOMPARE(tab->crossChecks()->rowCount(), 2);
    QCOMPARE(tab->transcript()->rowCount(), 3);
    // The source without a dedicated tab still shows, drawn by artifact kind.
    GenericEvidenceTab* generic = nullptr;
    for (int i = 0; i < window_->tabs()->count(); ++i)
      if (window_->tabs()->tabText(i) == "bank_statements")
        generic = qobject_cast<GenericEvidenceTab*>(window_->tabs()->widget(i));
    QVERIFY(generic != nullptr);
    QCOMPARE(generic->artifactViewCount(), 2);
  }

  void decisionTabShowsReasonsRulesAndAudit() {
    open(ids_.farmerHazard);
    DecisionTab* tab = window_->decisionTab();
    const auto reasons = nlohmann::json::parse(
        text("SELECT reasons FROM decisions WHERE case_id = " + std::to_string(ids_.farmerHazard) +
             " AND kind = 'automatic'"));
    QCOMPARE(tab->reasons()->rowCount(), int(reasons.size()));
    QVERIFY(column(tab->rules(), 0).contains("R005"));
    QVERIFY(tab->contributions() != nullptr);
    QVERIFY(!tab->contributions()->chart()->axes(Qt::Horizontal).front()->titleText().isEmpty());
    QVERIFY(tab->versions()->text().contains("aviary-policy"));
    QCOMPARE(tab->audit()->rowCount(), int(count("SELECT count(*) FROM audit_log WHERE case_id = " +
                                                 std::to_string(ids_.farmerHazard))));
    QVERIFY(window_->header()->text().contains("Zhang Family Farm"));
    QVERIFY(window_->header()->text().contains("92410100MA00FARM1X"));
  }

  void rendersEachTabToPng() {
    // The tree's docs change only when asked, so a test run leaves the checkout clean.
    const bool updateDocs = qEnvironmentVariableIsSet("AVIARY_UPDATE_SCREENSHOTS");
    const QDir out(updateDocs ? QString(AVIARY_SOURCE_DIR) + "/docs/screenshots"
                              : QString(AVIARY_BINARY_DIR) + "/screenshots");
    QVERIFY(QDir().mkpath(out.path()));
    const std::vector<std::pair<std::int64_t, int>> shots = {
        {ids_.farmerHazard, 0}, {ids_.dealerRing, 1}, {ids_.shopChecks, 2}, {ids_.farmerHazard, 3}};
    const QStringList names = {"satellite", "supply-chain", "credentials", "decision"};
    for (std::size_t i = 0; i < shots.size(); ++i) {
      open(shots[i].first);
      window_->tabs()->setCurrentIndex(shots[i].second);
      if (shots[i].second == 0)
        window_->satelliteTab()->parcels()->setCurrentCell(1, 0);  // the flooded one
      QTest::qWait(50);
      const QImage image = window_->grab().toImage();
      const QString path = out.filePath("workbench-" + names[static_cast<int>(i)] + ".png");
      QVERIFY(image.save(path));
      QVERIFY(QFileInfo(path).size() > 20000);
    }
  }

  void underwriterSeesTheIdMasked() {
    WorkbenchWindow asUnderwriter;
    asUnderwriter.setDatabase(DatabaseLocator::withRole(url_, "aviary_underwriter"));
    asUnderwriter.openCase(ids_.shopChecks);
    QTRY_VERIFY_WITH_TIMEOUT(asUnderwriter.currentCase().has_value() && !asUnderwriter.busy(),
                             20000);
    QVERIFY2(asUnderwriter.header()->text().contains("110***********002X"),
             qPrintable(asUnderwriter.header()->text()));
    QVERIFY(!asUnderwriter.header()->text().contains("11010519491231002X"));
  }

  void overrideWithoutReasonIsRefused() {
    const long before = count("SELECT count(*) FROM decisions");
    ActionDialog dialog(UnderwriterAction::Kind::ChangeTerms, ids_.dealerClean, "case", 100000,
                        0.09, 500000, "alice");
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());  // did not close
    QVERIFY(dialog.errorLabel()->text().contains("reason"));
    dialog.reasonEdit()->setPlainText("   ");
    dialog.accept();
    QVERIFY(dialog.isVisible());
    // And the database layer refuses it too, whoever calls it.
    UnderwriterAction action = dialog.action();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnderwriterActions(url_).apply(action));
    QString error;
    QVERIFY(!window_->applyAction(action, &error));
    QVERIFY(error.contains("needs a reason"));
    QCOMPARE(count("SELECT count(*) FROM decisions"), before);
  }

  void largeOverrideNeedsASecondUnderwriter() {
    ActionDialog dialog(UnderwriterAction::Kind::ChangeTerms, ids_.dealerClean, "case", 100000,
                        0.09, 500000, "alice");
    dialog.show();
    dialog.reasonEdit()->setPlainText("strong seasonal orders");
    dialog.limitEdit()->setValue(800000);
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.errorLabel()->text().contains("second underwriter"));
    dialog.secondApproverEdit()->setText("alice");
    dialog.accept();
    QVERIFY(dialog.isVisible());
    UnderwriterAction action = dialog.action();
    action.secondApprover.clear();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnderwriterActions(url_, 500000).apply(action));
    dialog.secondApproverEdit()->setText("bob");
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.action().secondApprover, std::string("bob"));
  }

  void actionsLandInTheAuditLog() {
    open(ids_.farmerHazard);  // referred: an underwriter's decision is manual
    const std::string caseText = std::to_string(ids_.farmerHazard);
    UnderwriterAction approve;
    approve.kind = UnderwriterAction::Kind::Approve;
    approve.caseId = ids_.farmerHazard;
    approve.underwriter = "alice";
    approve.reason = "flood hit only the smaller parcel; insured";
    approve.limitCny = 40000;
    approve.annualRate = 0.085;
    QString error;
    QVERIFY2(window_->applyAction(approve, &error), qPrintable(error));
    QCOMPARE(text("SELECT status FROM applications WHERE case_id = " + caseText),
             std::string("approved"));
    QCOMPARE(text("SELECT kind || ' ' || outcome || ' ' || limit_cny::int FROM decisions WHERE "
                  "case_id = " +
                  caseText + " ORDER BY decision_id DESC LIMIT 1"),
             std::string("manual approve 40000"));
    QCOMPARE(text("SELECT detail->>'reason' FROM audit_log WHERE case_id = " + caseText +
                  " AND action = 'underwriter_decision'"),
             approve.reason);
    QCOMPARE(text("SELECT actor FROM audit_log WHERE case_id = " + caseText +
                  " AND action = 'underwriter_decision'")
                 .empty(),
             false);

    // Decided now: changing it again is an override.
    UnderwriterAction change = approve;
    change.kind = UnderwriterAction::Kind::ChangeTerms;
    change.limitCny = 30000;
    change.reason = "second flood reported by the village";
    QVERIFY2(window_->applyAction(change, &error), qPrintable(error));
    QCOMPARE(text("SELECT status FROM applications WHERE case_id = " + caseText),
             std::string("overridden"));
    QCOMPARE(text("SELECT kind FROM decisions WHERE case_id = " + caseText +
                  " ORDER BY decision_id DESC LIMIT 1"),
             std::string("override"));

    UnderwriterAction note;
    note.kind = UnderwriterAction::Kind::AddNote;
    note.caseId = ids_.farmerHazard;
    note.reason = "called the farmer: harvest starts next week";
    QVERIFY(window_->applyAction(note, &error));
    UnderwriterAction documents;
    documents.kind = UnderwriterAction::Kind::RequestDocuments;
    documents.caseId = ids_.shopChecks;
    documents.reason = "utility bill is cut off";
    documents.documents = {"utility bill"};
    QVERIFY(window_->applyAction(documents, &error));
    QCOMPARE(
        text("SELECT detail->'documents'->>0 FROM audit_log WHERE action = 'documents_requested'"),
        std::string("utility bill"));
    QCOMPARE(count("SELECT count(*) FROM audit_log WHERE case_id = " + caseText +
                   " AND action = 'note_added'"),
             1L);

    // The queue and the open case refresh: the override is counted, the audit tab shows it.
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->queue()->countsText().contains("<b>1</b> overridden") && !window_->busy(), 20000);
    open(ids_.farmerHazard);
    QTRY_VERIFY_WITH_TIMEOUT(column(window_->decisionTab()->audit(), 3).contains("note_added"),
                             20000);
    QVERIFY(column(window_->decisionTab()->decisions(), 1).contains("override"));
  }

  void pendingCasesCannotBeDecidedByHand() {
    UnderwriterAction approve;
    approve.kind = UnderwriterAction::Kind::Approve;
    approve.caseId = ids_.shopPending;
    approve.reason = "looks fine";
    approve.limitCny = 10000;
    approve.annualRate = 0.1;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, UnderwriterActions(url_).apply(approve));
  }

  void emptyDatabaseSaysHowToLoadTheDemo() {
    const std::string empty = cluster_->createMigratedDatabase("empty");
    WorkbenchWindow window;
    QSignalSpy loaded(&window, &WorkbenchWindow::queueLoaded);
    window.setDatabase(empty);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 20000);
    QCOMPARE(loaded.front().front().toInt(), 0);
    QVERIFY(window.emptyMessage()->text().contains("./dev run"));
    QVERIFY(window.emptyMessage()->text().contains("aviary demo"));
  }
};

QTEST_MAIN(TestWorkbench)
#include "TestWorkbench.moc"
