#include "WorkbenchWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <set>

#include "ActionDialog.h"
#include "CaseQueuePanel.h"
#include "CaseRepository.h"
#include "DecisionTab.h"
#include "GenericEvidenceTab.h"
#include "GenericSourceView.h"
#include "MerchantHeader.h"
#include "PortfolioView.h"
#include "SourceViewLoader.h"
#include "UnderwriterActions.h"

namespace aviary::gui {
namespace {

const QString kDecisionTabKey = QStringLiteral("decision");

}  // namespace

WorkbenchWindow::WorkbenchWindow(QWidget* parent)
    : WorkbenchWindow(SourceViewLoader::installedSources(), parent) {}

WorkbenchWindow::WorkbenchWindow(const std::vector<PluginManifest>& sources, QWidget* parent)
    : QMainWindow(parent),
      secondApproverThresholdCny_(QSettings()
                                      .value("actions/secondApproverThresholdCny",
                                             UnderwriterActions::kDefaultSecondApproverThresholdCny)
                                      .toDouble()),
      underwriter_(QSettings()
                       .value("actions/underwriter", qEnvironmentVariable("USER", "underwriter"))
                       .toString()) {
  setWindowTitle(tr("Aviary underwriter workbench"));
  queue_ = new CaseQueuePanel;
  header_ = new MerchantHeader;
  tabs_ = new QTabWidget;
  tabs_->setObjectName("evidenceTabs");
  addSourceTabs(sources);
  decision_ = new DecisionTab;
  tabs_->addTab(decision_, tr("&Decision"));
  empty_ = new QLabel;
  empty_->setObjectName("emptyMessage");
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setWordWrap(true);
  empty_->setTextFormat(Qt::RichText);
  empty_->setText(tr("Connecting to the database…"));
  detail_ = new QStackedWidget;
  detail_->addWidget(empty_);
  detail_->addWidget(tabs_);

  auto* right = new QWidget;
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addWidget(header_);
  rightLayout->addWidget(detail_, 1);
  splitter_ = new QSplitter;
  splitter_->addWidget(queue_);
  splitter_->addWidget(right);
  splitter_->setStretchFactor(0, 2);
  splitter_->setStretchFactor(1, 5);
  splitter_->setSizes({600, 1000});
  setCentralWidget(splitter_);

  progress_ = new QProgressBar;
  progress_->setRange(0, 0);
  progress_->setMaximumWidth(180);
  progress_->hide();
  statusBar()->addPermanentWidget(progress_);
  buildActions();

  connect(queue_, &CaseQueuePanel::caseActivated, this, [this](qint64 id) { openCase(id); });
  connect(queue_, &CaseQueuePanel::loadFailed, this, [this](const QString& message) {
    statusBar()->showMessage(message);
    QMessageBox::warning(this, tr("Case queue"), message);
  });
  connect(queue_, &CaseQueuePanel::loaded, this, [this](int cases, double ms) {
    statusBar()->showMessage(tr("%1 cases loaded in %2 ms").arg(cases).arg(ms, 0, 'f', 0), 8000);
    if (cases == 0) {
      empty_->setText(
          tr("<h2>No cases yet</h2><p>The database is empty. Load the demo cases with "
             "<code>./dev run</code> from the source tree, or <code>aviary demo</code>, then press "
             "F5.</p>"
             "<p>To decide your own cases: <code>aviary case submit CASE.json</code>.</p>"));
      detail_->setCurrentWidget(empty_);
    } else if (!current_) {
      empty_->setText(
          tr("<h3>%1 cases</h3><p>Choose one in the queue (↑/↓, Enter).</p>").arg(cases));
      detail_->setCurrentWidget(empty_);
    }
    emit queueLoaded(cases);
  });
  connect(&caseWatcher_, &QFutureWatcher<BackgroundResult<StoredCase>>::finished, this,
          &WorkbenchWindow::finishCaseLoad);

  resize(1600, 960);
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
  splitter_->restoreState(settings.value("window/splitter").toByteArray());
  // The tab is remembered by its source, so installing or removing one keeps it.
  const QString tab = settings.value("window/currentTab", kDecisionTabKey).toString();
  for (int i = 0; i < tabs_->count(); ++i)
    if (tabKey(i) == tab) tabs_->setCurrentIndex(i);
  if (!viewProblems_.isEmpty()) statusBar()->showMessage(viewProblems_.join("; "));
}

void WorkbenchWindow::addSourceTabs(const std::vector<PluginManifest>& sources) {
  for (const auto& source : sources) {
    LoadedSourceView loaded = SourceViewLoader::load(source);
    if (!loaded.problem.isEmpty()) {
      qWarning("aviary-workbench: %s", qPrintable(loaded.problem));
      viewProblems_ << loaded.problem;
    }
    SourceView* view = loaded.view ? loaded.view.release()
                                   : new GenericSourceView(QString::fromStdString(source.id));
    view->clear();
    tabs_->addTab(view, view->title());
    sourceIds_.push_back(source.id);
    sourceViews_.push_back(view);
  }
}

SourceView* WorkbenchWindow::sourceView(const std::string& sourceId) const {
  for (std::size_t i = 0; i < sourceIds_.size(); ++i)
    if (sourceIds_[i] == sourceId) return sourceViews_[i];
  return nullptr;
}

QString WorkbenchWindow::tabKey(int index) const {
  if (index >= 0 && index < static_cast<int>(sourceIds_.size()))
    return QString::fromStdString(sourceIds_[index]);
  return kDecisionTabKey;  // the decision, or evidence from a source not installed
}

WorkbenchWindow::~WorkbenchWindow() {
  caseWatcher_.waitForFinished();
}

void WorkbenchWindow::buildActions() {
  using Kind = UnderwriterAction::Kind;
  auto* toolbar = addToolBar(tr("Actions"));
  toolbar->setObjectName("actions");
  toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  auto* caseMenu = menuBar()->addMenu(tr("&Case"));
  auto add = [&](const QString& text, const QKeySequence& keys, auto slot, bool needsCase) {
    auto* action = new QAction(text, this);
    action->setShortcut(keys);
    action->setToolTip(text + " (" + keys.toString(QKeySequence::NativeText) + ")");
    connect(action, &QAction::triggered, this, slot);
    toolbar->addAction(action);
    caseMenu->addAction(action);
    if (needsCase) {
      action->setEnabled(false);
      caseActions_ << action;
    }
    return action;
  };
  add(
      tr("Refresh"), QKeySequence::Refresh, [this] { setDatabase(connectionString_); }, false);
  toolbar->addSeparator();
  add(
      tr("Approve…"), QKeySequence("Ctrl+Shift+A"), [this] { startAction(Kind::Approve); }, true);
  add(
      tr("Decline…"), QKeySequence("Ctrl+Shift+D"), [this] { startAction(Kind::Decline); }, true);
  add(
      tr("Change limit/price…"), QKeySequence("Ctrl+Shift+L"),
      [this] { startAction(Kind::ChangeTerms); }, true);
  add(
      tr("Request documents…"), QKeySequence("Ctrl+Shift+R"),
      [this] { startAction(Kind::RequestDocuments); }, true);
  add(
      tr("Add note…"), QKeySequence("Ctrl+Shift+N"), [this] { startAction(Kind::AddNote); }, true);
  caseMenu->addSeparator();
  caseMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* view = menuBar()->addMenu(tr("&View"));
  view->addAction(tr("Go to the &queue"), QKeySequence("Ctrl+1"), this,
                  [this] { queue_->table()->setFocus(); });
  view->addAction(tr("Go to the &tabs"), QKeySequence("Ctrl+2"), this, [this] {
    tabs_->setFocus();
    if (tabs_->currentWidget()) tabs_->currentWidget()->setFocus();
  });
  view->addAction(tr("&Search the queue"), QKeySequence::Find, this, [this] {
    queue_->searchField()->setFocus();
    queue_->searchField()->selectAll();
  });
  view->addSeparator();
  view->addAction(tr("&Portfolio: drift, rates, back-test, experiment"),
                  QKeySequence("Ctrl+Shift+P"), this, [this] { openPortfolio(); });
  view->addAction(tr("&Next tab"), QKeySequence("Ctrl+PgDown"), this,
                  [this] { tabs_->setCurrentIndex((tabs_->currentIndex() + 1) % tabs_->count()); });
  view->addAction(tr("&Previous tab"), QKeySequence("Ctrl+PgUp"), this, [this] {
    tabs_->setCurrentIndex((tabs_->currentIndex() + tabs_->count() - 1) % tabs_->count());
  });
}

PortfolioView* WorkbenchWindow::openPortfolio() {
  if (!portfolio_) {
    portfolio_ = new PortfolioView(this);
    portfolio_->setWindowFlag(Qt::Window);
  }
  if (!connectionString_.empty()) portfolio_->reload(connectionString_);
  portfolio_->show();
  portfolio_->raise();
  return portfolio_;
}

void WorkbenchWindow::setDatabase(const std::string& connectionString) {
  connectionString_ = connectionString;
  if (connectionString_.empty()) return;
  queue_->reload(connectionString_);
  statusBar()->showMessage(tr("Loading the case queue…"));
}

void WorkbenchWindow::showDatabaseError(const QString& message) {
  empty_->setText(
      tr("<h3>The database could not be opened</h3><p>%1</p><p>Set AVIARY_DATABASE_URL or pass "
         "<code>--database URL</code>, or remove it to use the embedded database.</p>")
          .arg(message.toHtmlEscaped()));
  detail_->setCurrentWidget(empty_);
  statusBar()->showMessage(message);
}

bool WorkbenchWindow::busy() const {
  return caseWatcher_.isRunning() || queue_->loading();
}

void WorkbenchWindow::setBusy(const QString& what, bool on) {
  progress_->setVisible(on);
  progress_->setFormat(what);
  if (on) statusBar()->showMessage(what);
}

void WorkbenchWindow::openCase(std::int64_t caseId) {
  if (connectionString_.empty() || caseId <= 0) return;
  requestedCase_ = caseId;
  if (caseWatcher_.isRunning()) return;  // finishCaseLoad starts the newest request next
  setBusy(tr("Opening case %1…").arg(caseId), true);
  const std::string url = connectionString_;
  caseWatcher_.setFuture(QtConcurrent::run([url, caseId] {
    return BackgroundResult<StoredCase>::run([&] { return CaseRepository(url).load(caseId); });
  }));
}

void WorkbenchWindow::finishCaseLoad() {
  setBusy({}, false);
  const auto result = caseWatcher_.result();
  const std::optional<StoredCase>& loaded = result.value;
  if (!loaded)
    statusBar()->showMessage(
        tr("Could not open case %1: %2").arg(requestedCase_).arg(result.error));
  // The user moved on while this case loaded: open the one they want now.
  if (loaded && loaded->caseId != requestedCase_) {
    openCase(requestedCase_);
    return;
  }
  if (!loaded) return;
  try {
    showCase(*loaded);
    statusBar()->showMessage(tr("Case %1 open").arg(loaded->caseId), 4000);
  } catch (const std::exception& e) {
    statusBar()->showMessage(tr("Case %1 has evidence the workbench cannot show: %2")
                                 .arg(loaded->caseId)
                                 .arg(QString::fromUtf8(e.what())));
  }
}

void WorkbenchWindow::showCase(const StoredCase& stored) {
  current_ = stored;
  header_->showCase(stored);
  std::vector<nlohmann::json> ofSource(sourceIds_.size());
  std::vector<nlohmann::json> others;
  for (const auto& evidence : stored.evidence) {
    const std::string source = evidence.value("source_id", "");
    const auto known = std::find(sourceIds_.begin(), sourceIds_.end(), source);
    if (known != sourceIds_.end())
      ofSource[known - sourceIds_.begin()] = evidence;
    else
      others.push_back(evidence);
  }
  const int currentTab = tabs_->currentIndex();
  const int fixedTabs = static_cast<int>(sourceViews_.size()) + 1;  // the sources, the decision
  while (tabs_->count() > fixedTabs) {
    QWidget* extra = tabs_->widget(fixedTabs);
    tabs_->removeTab(fixedTabs);
    extra->deleteLater();
  }
  for (std::size_t i = 0; i < sourceViews_.size(); ++i) {
    SourceView* view = sourceViews_[i];
    try {
      view->showEvidence(ofSource[i]);
    } catch (const std::exception& e) {
      // A view that cannot read this evidence: say so and leave the rest of the case usable.
      view->clear();
      statusBar()->showMessage(tr("The %1 view cannot show this case's evidence: %2")
                                   .arg(QString::fromStdString(sourceIds_[i]))
                                   .arg(QString::fromUtf8(e.what())));
    }
    // Sources this case has no evidence from stay reachable but say so in their title.
    const int index = static_cast<int>(i);
    tabs_->setTabText(index, ofSource[i].is_null() ? tr("%1 (none)").arg(view->title().remove('&'))
                                                   : view->title());
  }
  decision_->showCase(stored);
  for (const auto& evidence : others)
    tabs_->addTab(new GenericEvidenceTab(evidence),
                  QString::fromStdString(evidence.value("source_id", "evidence")));
  tabs_->setCurrentIndex(std::min(currentTab, tabs_->count() - 1));
  detail_->setCurrentWidget(tabs_);
  for (auto* action : caseActions_) action->setEnabled(true);
  emit caseShown(stored.caseId);
}

bool WorkbenchWindow::applyAction(const UnderwriterAction& action, QString* error) {
  try {
    const auto result =
        UnderwriterActions(connectionString_, secondApproverThresholdCny_).apply(action);
    statusBar()->showMessage(result.decisionId > 0
                                 ? tr("Case %1: %2 decision recorded, status %3")
                                       .arg(action.caseId)
                                       .arg(QString::fromStdString(result.decisionKind),
                                            QString::fromStdString(result.newStatus))
                                 : tr("Case %1: %2 recorded in the audit log")
                                       .arg(action.caseId)
                                       .arg(toString(action.kind)),
                             8000);
  } catch (const std::exception& e) {
    const QString message = tr("Case %1: %2 refused: %3")
                                .arg(action.caseId)
                                .arg(toString(action.kind))
                                .arg(QString::fromUtf8(e.what()));
    statusBar()->showMessage(message);
    if (error) *error = message;
    return false;
  }
  queue_->reload(connectionString_);
  openCase(action.caseId);
  return true;
}

void WorkbenchWindow::startAction(UnderwriterAction::Kind kind) {
  if (!current_) return;
  const auto& latest =
      current_->decisions.empty() ? nlohmann::json::object() : current_->decisions.back();
  const QString title =
      tr("case %1, %2")
          .arg(current_->caseId)
          .arg(QString::fromStdString(current_->merchant.value("name", std::string())));
  ActionDialog dialog(kind, current_->caseId, title, latest.value("limit_cny", 0.0),
                      latest.value("annual_rate", 0.0), secondApproverThresholdCny_, underwriter_,
                      this);
  while (dialog.exec() == QDialog::Accepted) {
    QString error;
    if (applyAction(dialog.action(), &error)) return;
    QMessageBox::warning(this, dialog.windowTitle(), error);
  }
}

void WorkbenchWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/splitter", splitter_->saveState());
  settings.setValue("window/currentTab", tabKey(tabs_->currentIndex()));
  QMainWindow::closeEvent(event);
}

}  // namespace aviary::gui
