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
#include <fstream>
#include <pqxx/pqxx>

#include "ActionDialog.h"
#include "AnnotatedImageView.h"
#include "CaseQueueFilter.h"
#include "CaseQueueModel.h"
#include "CaseQueuePanel.h"
#include "DatabaseLocator.h"
#include "DecisionTab.h"
#include "GenericEvidenceTab.h"
#include "GenericSourceView.h"
#include "MerchantHeader.h"
#include "PluginManifest.h"
#include "SourceView.h"
#include "SourceViewLoader.h"
#include "SupplyChainGraphView.h"
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
  void open(std::int64_t caseId) { open(*window_, caseId); }
  static void open(WorkbenchWindow& window, std::int64_t caseId) {
    window.openCase(caseId);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.currentCase() && window.currentCase()->caseId == caseId && !window.busy(), 20000);
  }
  // A part of a source's view, found by its object name: the views live in the plugins'
  // modules, so the test knows them only as widgets.
  template <class Widget>
  static Widget* part(const QWidget* view, const char* name) {
    Widget* found = view != nullptr ? view->findChild<Widget*>(name) : nullptr;
    if (found == nullptr) qWarning("no %s in the view", name);
    return found;
  }
  // Whether this tree built the source's plugin folder (a folder may be removed).
  static bool built(const std::string& id) {
    return QString(AVIARY_BUILT_PLUGINS).split(',').contains(QString::fromStdString(id));
  }
  int tabOf(const std::string& sourceId) const {
    return window_->tabs()->indexOf(window_->sourceView(sourceId));
  }
  // The manifest the build wrote for an in-tree source, changed by `edit` and written to
  // `folder`, so a window can be given sources whose view is missing or refused.
  template <class Edit>
  static PluginManifest manifest(const std::string& id, const QTemporaryDir& folder, Edit edit) {
    auto json = nlohmann::json::parse(
        std::ifstream(std::string(AVIARY_BINARY_DIR) + "/plugins/" + id + ".plugin.json"));
    edit(json);
    const std::string path = folder.filePath(QString::fromStdString(id)).toStdString() + ".json";
    std::ofstream(path) << json.dump();
    return PluginManifest::read(path);
  }
  // A view of its own, made by the source's module, apart from the window's.
  static std::unique_ptr<SourceView> freshView(const std::string& id) {
    auto loaded = SourceViewLoader::load(
        PluginManifest::read(std::string(AVIARY_BINARY_DIR) + "/plugins/" + id + ".plugin.json"));
    if (!loaded.view) qWarning("%s", qPrintable(loaded.problem));
    return std::move(loaded.view);
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
    if (!built("satellite")) QSKIP("needs the in-tree satellite plugin folder");
    auto evidence = testing::WorkbenchSampleCases::satelliteEvidence(false);
    for (auto& artifact : evidence["artifacts"])
      if (artifact["name"] == "parcels") {
        artifact["data"]["rows"][1]["crop"] = "uncertain";
        artifact["data"]["rows"][1]["best_guess"] = "millet";
        artifact["data"]["rows"][0]["flags"] = {"mixed_pixels"};
      }
    const auto tab = freshView("satellite");
    QVERIFY(tab != nullptr);
    tab->showEvidence(evidence);
    auto* parcels = part<QTableWidget>(tab.get(), "parcels");
    QVERIFY(parcels != nullptr);
    QCOMPARE(parcels->item(1, 1)->text(), QString("uncertain (best guess millet)"));
    QCOMPARE(parcels->item(1, 4)->text(), QString("normal"));
    // A plot seen mostly through its neighbours keeps its crop, with a note under it.
    QVERIFY(parcels->item(0, 1)->text().endsWith("\nseen mostly through its neighbours' pixels"));
    QVERIFY(!parcels->item(0, 1)->text().startsWith("uncertain"));
    auto& artifacts = evidence["artifacts"];
    artifacts.erase(std::remove_if(artifacts.begin(), artifacts.end(),
                                   [](const nlohmann::json& a) { return a["name"] == "parcels"; }),
                    artifacts.end());
    tab->showEvidence(evidence);
    QCOMPARE(parcels->rowCount(), 2);
    QVERIFY(parcels->item(0, 1)->text().startsWith("maize on 12.4 mu"));
    QCOMPARE(parcels->item(0, 3)->text(), QString());
  }

  void satelliteTabShowsTheParcels() {
    if (!built("satellite")) QSKIP("needs the in-tree satellite plugin folder");
    open(ids_.farmerHazard);
    const auto evidence = testing::WorkbenchSampleCases::satelliteEvidence(true);
    SourceView* tab = window_->sourceView("satellite");
    QVERIFY(tab != nullptr);
    QCOMPARE(tab->title(), QString("&Satellite"));  // its own view, not the generic tab
    auto* parcels = part<QTableWidget>(tab, "parcels");
    auto* figures = part<QLabel>(tab, "satelliteFigures");
    auto* parcelView = part<QWidget>(tab, "parcelView");
    QVERIFY(parcels != nullptr && figures != nullptr && parcelView != nullptr);
    QCOMPARE(parcels->rowCount(), 2);
    QCOMPARE(column(parcels, 0), (QStringList{"P-101", "P-102"}));
    QCOMPARE(column(parcels, 1), (QStringList{"maize", "maize"}));
    QCOMPARE(column(parcels, 3), (QStringList{"12.40", "8.15"}));
    QVERIFY(parcels->item(1, 6)->text().contains("flood"));
    // A hazard only the region's peer curve showed says so.
    QVERIFY2(parcels->item(1, 6)->text().contains(
                 "pest 2026-08-14..2026-08-24 (only against the region's own fields of the crop)"),
             qPrintable(parcels->item(1, 6)->text()));
    // A season clouds hid for a month says so where its hazards are listed.
    QCOMPARE(parcels->item(0, 6)->text(),
             QString("not seen 2026-06-01..2026-07-05: a hazard then may be missing"));
    QVERIFY(!parcels->item(1, 6)->text().contains("not seen"));
    QVERIFY2(figures->text().contains("20.6 mu") || figures->text().contains("20.5 mu"),
             qPrintable(figures->text()));
    // How surely the batch was read stands with the crop confidence it qualifies.
    QVERIFY2(figures->text().contains("Crop confidence: probabilities flattened at temperature"),
             qPrintable(figures->text()));
    parcels->setCurrentCell(1, 0);
    auto* quicklook = parcelView->findChild<AnnotatedImageView*>("quicklook");
    QVERIFY(quicklook != nullptr);
    QVERIFY(quicklook->outlinePixelCount() > 20);  // the parcel's outline was traced
    auto* chart = parcelView->findChild<TimeSeriesChart*>("ndviChart");
    QVERIFY(chart != nullptr);
    int cloudy = 0, hazy = 0, clear = 0;
    for (const auto& reason : evidence["artifacts"][2]["data"]["rejected"])
      (reason.is_null() ? clear : reason == "haze" ? hazy : cloudy)++;
    QVERIFY(hazy > 0 && cloudy > 0);
    QCOMPARE(chart->pointCount("cloudy"), cloudy);
    QCOMPARE(chart->pointCount("haze"), hazy);  // each reason its own marker
    QCOMPARE(chart->pointCount("NDVI (clear)"), clear);
    QVERIFY(chart->seriesNames().contains("flood 07-10 – 07-31"));
    QVERIFY(chart->chart()->axes(Qt::Horizontal).front()->titleText().size() > 0);
    QVERIFY(chart->chart()->axes(Qt::Vertical).front()->titleText().size() > 0);
    // A farmer has no supply-chain evidence.
    if (built("supplychain"))
      QVERIFY(window_->tabs()->tabText(tabOf("supplychain")).contains("none"));
    QVERIFY(!window_->tabs()->tabText(tabOf("satellite")).contains("none"));
  }

  void supplyChainTabShowsTheNeighbourhood() {
    if (!built("supplychain")) QSKIP("needs the in-tree supplychain plugin folder");
    open(ids_.dealerRing);
    SourceView* tab = window_->sourceView("supplychain");
    auto* graphView = part<SupplyChainGraphView>(tab, "supplyGraph");
    QVERIFY(graphView != nullptr);
    const auto graph =
        testing::WorkbenchSampleCases::supplyChainEvidence(true)["artifacts"][0]["data"];
    QCOMPARE(graphView->nodeCount(), int(graph["nodes"].size()));
    QCOMPARE(graphView->edgeCount(), int(graph["edges"].size()));
    QVERIFY(graphView->nodeLabels().contains("X7"));
    auto* purchases = part<TimeSeriesChart>(tab, "purchaseChart");
    QVERIFY(purchases != nullptr);
    QCOMPARE(purchases->pointCount("monthly purchases"), 12);
    auto* flags = part<QTableWidget>(tab, "flags");
    auto* standing = part<QTableWidget>(tab, "standing");
    QVERIFY(flags != nullptr && standing != nullptr);
    QCOMPARE(flags->item(0, 0)->text(), QString("circular trade"));
    const QString flag = flags->item(0, 1)->text();
    QVERIFY2(flag.contains("members: F-1001, X7, X8"), qPrintable(flag));
    QVERIFY(flag.contains("T9002"));
    QCOMPARE(column(standing, 1), (QStringList{"71% of its trust", "29% of its trust"}));
    QCOMPARE(column(standing, 0), (QStringList{"D1 (distributor)", "D2 (distributor)"}));
  }

  // Without the versioned findings table (evidence stored before it), the facts as written.
  void supplyChainTabShowsFactsWithoutItsTable() {
    if (!built("supplychain")) QSKIP("needs the in-tree supplychain plugin folder");
    auto evidence = testing::WorkbenchSampleCases::supplyChainEvidence(true);
    evidence["artifacts"].erase(2);
    const auto tab = freshView("supplychain");
    QVERIFY(tab != nullptr);
    tab->showEvidence(evidence);
    auto* flags = part<QTableWidget>(tab.get(), "flags");
    auto* standing = part<QTableWidget>(tab.get(), "standing");
    QVERIFY(flags != nullptr && standing != nullptr);
    QCOMPARE(flags->item(0, 0)->text(), QString("circular trade"));
    QVERIFY(flags->item(0, 1)->text().contains("; members F-1001, X7, X8"));
    QCOMPARE(standing->rowCount(), 2);
  }

  void credentialsTabShowsPhotosFieldsAndChecks() {
    if (!built("credentials")) QSKIP("needs the in-tree credentials plugin folder");
    open(ids_.shopChecks);
    SourceView* tab = window_->sourceView("credentials");
    auto* documents = part<QListWidget>(tab, "documents");
    auto* fields = part<QTableWidget>(tab, "fields");
    auto* photo = part<AnnotatedImageView>(tab, "documentPhoto");
    auto* checks = part<QTableWidget>(tab, "checks");
    auto* reshoot = part<QLabel>(tab, "reshoot");
    auto* crossChecks = part<QTableWidget>(tab, "crossChecks");
    auto* transcript = part<QTableWidget>(tab, "transcript");
    QVERIFY(documents && fields && photo && checks && reshoot && crossChecks && transcript);
    QCOMPARE(documents->count(), 3);
    documents->setCurrentRow(0);
    QCOMPARE(fields->rowCount(), 4);
    QCOMPARE(photo->boxCount(), 4);
    QVERIFY(!photo->image().isNull());
    QVERIFY(column(fields, 1).contains("91350100M000100Y43"));
    documents->setCurrentRow(1);
    const QStringList results = column(checks, 1);
    QVERIFY2(results.contains("✘ failed"), qPrintable(results.join(",")));
    QVERIFY(column(checks, 2).join(" ").contains("differs from figures"));
    documents->setCurrentRow(2);
    QVERIFY(reshoot->text().contains("step back"));
    QCOMPARE(crossChecks->rowCount(), 2);
    QCOMPARE(transcript->rowCount(), 3);
    // The source without a dedicated tab still shows, drawn by artifact kind.
    GenericEvidenceTab* generic = nullptr;
    for (int i = 0; i < window_->tabs()->count(); ++i)
      if (window_->tabs()->tabText(i) == "bank_statements")
        generic = qobject_cast<GenericEvidenceTab*>(window_->tabs()->widget(i));
    QVERIFY(generic != nullptr);
    QCOMPARE(generic->artifactViewCount(), 2);
  }

  // Every source on the plugin path has a tab, in the order of their ids, then the decision;
  // the in-tree sources bring their own views, and none was refused.
  void installedSourcesShowInTheirOwnViews() {
    if (!built("credentials") || !built("satellite") || !built("supplychain"))
      QSKIP("needs the in-tree credentials, satellite, supplychain plugin folders");
    QVERIFY2(window_->viewProblems().isEmpty(), qPrintable(window_->viewProblems().join("\n")));
    QCOMPARE(tabOf("credentials"), 0);
    QCOMPARE(tabOf("satellite"), 1);
    QCOMPARE(tabOf("supplychain"), 2);
    QCOMPARE(window_->tabs()->indexOf(window_->decisionTab()), 3);
    for (const char* id : {"credentials", "satellite", "supplychain"})
      QVERIFY2(qobject_cast<GenericSourceView*>(window_->sourceView(id)) == nullptr, id);
    QVERIFY(window_->sourceView("bank_statements") == nullptr);  // no such plugin installed
  }

  // A source whose plugin brings no view gets the generic tab in its place among the sources,
  // not an extra tab after the decision; a source not installed still shows after it.
  void aSourceWithoutAViewGetsTheGenericTab() {
    if (!built("satellite")) QSKIP("needs the in-tree satellite plugin folder");
    QTemporaryDir folder;
    const auto withoutView = manifest("satellite", folder, [](nlohmann::json& json) {
      json["id"] = "bank_statements";
      json.erase("view");
    });
    WorkbenchWindow window({withoutView});
    window.setDatabase(url_);
    open(window, ids_.shopChecks);
    QVERIFY(window.viewProblems().isEmpty());  // having no view is no problem
    auto* generic = qobject_cast<GenericSourceView*>(window.sourceView("bank_statements"));
    QVERIFY(generic != nullptr);
    QCOMPARE(window.tabs()->indexOf(generic), 0);
    QCOMPARE(window.tabs()->tabText(0), QString("bank_statements"));
    QVERIFY(generic->content() != nullptr);
    QCOMPARE(generic->content()->artifactViewCount(), 2);
    QStringList afterDecision;
    for (int i = window.tabs()->indexOf(window.decisionTab()) + 1; i < window.tabs()->count(); ++i)
      afterDecision << window.tabs()->tabText(i);
    QCOMPARE(afterDecision, QStringList{"credentials"});  // evidence of a plugin not installed
    open(window, ids_.farmerHazard);
    QCOMPARE(window.tabs()->tabText(0), QString("bank_statements (none)"));
    QVERIFY(generic->content() == nullptr);
  }

  // A view module built for another view ABI is refused before any of its code runs, with a
  // message saying why and what to do, and its source shows in the generic tab; so does a
  // source whose view module is missing.
  void aViewOfAnotherAbiIsRefusedForTheGenericTab() {
    if (!built("credentials") || !built("supplychain"))
      QSKIP("needs the in-tree credentials, supplychain plugin folders");
    QTemporaryDir folder;
    const auto wrongAbi = manifest("credentials", folder, [](nlohmann::json& json) {
      json["view"] =
          std::string(AVIARY_BINARY_DIR) + "/fixture-plugins/libfixture_view_wrong_abi.so";
    });
    const auto missing = manifest("supplychain", folder,
                                  [](nlohmann::json& json) { json["view"] = "libnot_there.so"; });
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression("the view of 'credentials' .* built for view ABI 99, "
                                            "this workbench is view ABI 1: rebuild the view"));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression("the view of 'supplychain' .* the file is missing"));
    WorkbenchWindow window({wrongAbi, missing});
    QCOMPARE(window.viewProblems().size(), 2);
    QVERIFY(window.viewProblems().front().endsWith("its evidence is shown in the generic tab"));
    window.setDatabase(url_);
    open(window, ids_.shopChecks);
    auto* generic = qobject_cast<GenericSourceView*>(window.sourceView("credentials"));
    QVERIFY(generic != nullptr);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(generic)), QString("credentials"));
    int artifacts = 0;
    for (const auto& evidence : window.currentCase()->evidence)
      if (evidence.value("source_id", "") == "credentials")
        artifacts = static_cast<int>(evidence["artifacts"].size());
    QVERIFY(artifacts > 0);
    QVERIFY(generic->content() != nullptr);
    QCOMPARE(generic->content()->artifactViewCount(), artifacts);
    QVERIFY(qobject_cast<GenericSourceView*>(window.sourceView("supplychain")) != nullptr);
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
    if (!built("credentials") || !built("satellite") || !built("supplychain"))
      QSKIP("needs the in-tree credentials, satellite, supplychain plugin folders");
    // The tree's docs change only when asked, so a test run leaves the checkout clean.
    const bool updateDocs = qEnvironmentVariableIsSet("AVIARY_UPDATE_SCREENSHOTS");
    const QDir out(updateDocs ? QString(AVIARY_SOURCE_DIR) + "/docs/screenshots"
                              : QString(AVIARY_BINARY_DIR) + "/screenshots");
    QVERIFY(QDir().mkpath(out.path()));
    const int decision = window_->tabs()->indexOf(window_->decisionTab());
    const std::vector<std::pair<std::int64_t, int>> shots = {
        {ids_.farmerHazard, tabOf("satellite")},
        {ids_.dealerRing, tabOf("supplychain")},
        {ids_.shopChecks, tabOf("credentials")},
        {ids_.farmerHazard, decision}};
    const QStringList names = {"satellite", "supply-chain", "credentials", "decision"};
    for (std::size_t i = 0; i < shots.size(); ++i) {
      open(shots[i].first);
      window_->tabs()->setCurrentIndex(shots[i].second);
      if (shots[i].second == tabOf("satellite"))  // the flooded parcel
        part<QTableWidget>(window_->sourceView("satellite"), "parcels")->setCurrentCell(1, 0);
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

  // The current tab is remembered by its source, so a window with other sources still
  // opens on it, or on the decision when that source is gone.
  void theCurrentTabIsRememberedBySource() {
    if (!built("supplychain")) QSKIP("needs the in-tree supplychain plugin folder");
    {
      WorkbenchWindow first;
      first.show();
      first.tabs()->setCurrentWidget(first.sourceView("supplychain"));
      first.close();
    }
    WorkbenchWindow second;
    QCOMPARE(second.tabs()->currentWidget(),
             static_cast<QWidget*>(second.sourceView("supplychain")));
    WorkbenchWindow without(std::vector<PluginManifest>{});
    QCOMPARE(without.tabs()->currentWidget(), static_cast<QWidget*>(without.decisionTab()));
    QSettings().clear();
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
