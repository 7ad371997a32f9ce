#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

#include "BackgroundResult.h"
#include "PluginManifest.h"
#include "StoredCase.h"
#include "UnderwriterAction.h"

class QLabel;
class QProgressBar;
class QSplitter;
class QStackedWidget;
class QTabWidget;

namespace aviary::gui {

class CaseQueuePanel;
class DecisionTab;
class MerchantHeader;
class PortfolioView;
class SourceView;

// The underwriter's window: the case queue on the left; on the right the merchant header
// and one tab per evidence source plus the decision. Each installed source shows in its own
// view (its plugin's GUI module, loaded through its manifest) or, without one, in the
// generic tab; so does evidence from a source that is not installed. Cases and the queue
// load on worker threads, so the window never freezes; actions are recorded through
// UnderwriterActions.
class WorkbenchWindow : public QMainWindow {
  Q_OBJECT
 public:
  // The sources on the plugin path (SourceViewLoader::installedSources).
  explicit WorkbenchWindow(QWidget* parent = nullptr);
  // These sources' tabs, in this order, then the decision.
  explicit WorkbenchWindow(const std::vector<PluginManifest>& sources, QWidget* parent = nullptr);
  ~WorkbenchWindow() override;

  // Starts using this database: loads the queue. The window can be shown before.
  void setDatabase(const std::string& connectionString);
  void showDatabaseError(const QString& message);

  void openCase(std::int64_t caseId);
  // Runs an action now (no dialog); false and an explanation in the status bar on refusal.
  bool applyAction(const UnderwriterAction& action, QString* error = nullptr);
  // Shows the dialog for this kind of action on the open case, then applies it.
  void startAction(UnderwriterAction::Kind kind);

  void setSecondApproverThresholdCny(double cny) { secondApproverThresholdCny_ = cny; }
  void setUnderwriter(const QString& name) { underwriter_ = name; }

  CaseQueuePanel* queue() const { return queue_; }
  QTabWidget* tabs() const { return tabs_; }
  MerchantHeader* header() const { return header_; }
  // The tab of an installed source (its own view or the generic one); null for another id.
  SourceView* sourceView(const std::string& sourceId) const;
  // Why a source's view was refused, one line per source; shown in the status bar and logged.
  const QStringList& viewProblems() const { return viewProblems_; }
  DecisionTab* decisionTab() const { return decision_; }
  QLabel* emptyMessage() const { return empty_; }
  // The risk team's view of the whole book, in its own window; made on first use.
  PortfolioView* openPortfolio();
  const std::optional<StoredCase>& currentCase() const { return current_; }
  bool busy() const;

 signals:
  void caseShown(qint64 caseId);
  void queueLoaded(int cases);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void addSourceTabs(const std::vector<PluginManifest>& sources);
  void buildActions();
  QString tabKey(int index) const;
  void showCase(const StoredCase& stored);
  void finishCaseLoad();
  void setBusy(const QString& what, bool on);

  std::string connectionString_;
  double secondApproverThresholdCny_;
  QString underwriter_;
  CaseQueuePanel* queue_;
  MerchantHeader* header_;
  QTabWidget* tabs_;
  QStackedWidget* detail_;
  PortfolioView* portfolio_ = nullptr;
  QLabel* empty_;
  std::vector<std::string> sourceIds_;  // the first tabs, one per installed source
  std::vector<SourceView*> sourceViews_;
  QStringList viewProblems_;
  DecisionTab* decision_;
  QSplitter* splitter_;
  QProgressBar* progress_;
  QList<QAction*> caseActions_;
  std::optional<StoredCase> current_;
  QFutureWatcher<BackgroundResult<StoredCase>> caseWatcher_;
  std::int64_t requestedCase_ = 0;
};

}  // namespace aviary::gui
