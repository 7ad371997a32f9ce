#pragma once

#include <QFutureWatcher>
#include <QWidget>
#include <vector>

#include "BackgroundResult.h"
#include "CaseQueueRow.h"

class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;
class QCheckBox;

namespace aviary::gui {

class CaseQueueFilter;
class CaseQueueModel;

// The case queue: counts per status, filters, a sortable table and a search. The cases are
// read on a worker thread; the table stays usable while they load.
class CaseQueuePanel : public QWidget {
  Q_OBJECT
 public:
  explicit CaseQueuePanel(QWidget* parent = nullptr);

  void reload(const std::string& connectionString);
  bool loading() const;

  QTableView* table() const { return table_; }
  QLineEdit* searchField() const { return search_; }
  CaseQueueFilter* filter() const { return filter_; }
  CaseQueueModel* model() const { return model_; }
  QComboBox* statusBox() const { return status_; }
  QComboBox* segmentBox() const { return segment_; }
  QComboBox* referralBox() const { return referral_; }
  QString countsText() const;
  std::int64_t currentCaseId() const;
  bool selectCase(std::int64_t caseId);

 signals:
  void caseActivated(qint64 caseId);
  void loaded(int cases, double milliseconds);
  void loadFailed(const QString& message);

 private:
  void applyFilters();
  void finishLoading();
  void updateCounts();

  CaseQueueModel* model_;
  CaseQueueFilter* filter_;
  QTableView* table_;
  QLineEdit* search_;
  QComboBox *status_, *segment_, *referral_;
  QCheckBox* useDates_;
  QDateEdit *from_, *to_;
  QDoubleSpinBox *minimumAmount_, *maximumAmount_, *minimumPd_, *maximumPd_;
  QLabel* counts_;
  QProgressBar* progress_;
  QFutureWatcher<BackgroundResult<std::vector<CaseQueueRow>>> watcher_;
  std::int64_t pendingSelection_ = 0;
  std::string reloadAgain_;  // a reload asked for while one ran: its connection string
  qint64 loadStartedMs_ = 0;
};

}  // namespace aviary::gui
