#include "CaseQueuePanel.h"

#include <set>

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <map>
#include <utility>

#include "CaseQueueFilter.h"
#include "CaseQueueModel.h"
#include "CaseQueueReader.h"

namespace aviary::gui {
namespace {

QDoubleSpinBox* rangeBox(double maximum, const QString& suffix, int decimals, const QString& none) {
  auto* box = new QDoubleSpinBox;
  box->setRange(-1, maximum);
  box->setDecimals(decimals);
  box->setValue(-1);
  box->setSpecialValueText(none);  // -1 shows as "any": the filter is off
  box->setSuffix(suffix);
  box->setGroupSeparatorShown(true);
  return box;
}

std::optional<double> valueOf(const QDoubleSpinBox* box, double scale = 1) {
  return box->value() < 0 ? std::nullopt : std::optional<double>(box->value() * scale);
}

}  // namespace

CaseQueuePanel::CaseQueuePanel(QWidget* parent)
    : QWidget(parent), model_(new CaseQueueModel(this)), filter_(new CaseQueueFilter(this)) {
  filter_->setSourceModel(model_);

  counts_ = new QLabel;
  counts_->setObjectName("queueCounts");
  counts_->setWordWrap(true);
  search_ = new QLineEdit;
  search_->setPlaceholderText(tr("Search name or USCC (Ctrl+F)"));
  search_->setClearButtonEnabled(true);

  status_ = new QComboBox;
  status_->addItem(tr("All statuses"), QString());
  for (const char* group : {"referred", "pending", "decided", "overridden"})
    status_->addItem(group, QString(group));
  segment_ = new QComboBox;
  segment_->addItem(tr("All segments"), QString());
  // The segments come from the cases themselves (the evidence sources declare them).
  referral_ = new QComboBox;
  referral_->addItem(tr("Any referral reason"), QString());
  referral_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  referral_->setMinimumContentsLength(16);

  useDates_ = new QCheckBox(tr("Submitted"));
  from_ = new QDateEdit(QDate::currentDate().addMonths(-3));
  to_ = new QDateEdit(QDate::currentDate());
  for (auto* edit : {from_, to_}) {
    edit->setCalendarPopup(true);
    edit->setDisplayFormat("yyyy-MM-dd");
    edit->setEnabled(false);
  }
  minimumAmount_ = rangeBox(1e8, " CNY", 0, tr("any"));
  maximumAmount_ = rangeBox(1e8, " CNY", 0, tr("any"));
  minimumPd_ = rangeBox(100, " %", 1, tr("any"));
  maximumPd_ = rangeBox(100, " %", 1, tr("any"));

  auto* filters = new QFormLayout;
  filters->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto pair = [](QWidget* a, const QString& joiner, QWidget* b) {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(a, 1);
    layout->addWidget(new QLabel(joiner));
    layout->addWidget(b, 1);
    return row;
  };
  auto* choices = new QWidget;
  auto* choicesLayout = new QHBoxLayout(choices);
  choicesLayout->setContentsMargins(0, 0, 0, 0);
  choicesLayout->addWidget(status_);
  choicesLayout->addWidget(segment_);
  filters->addRow(tr("Show"), choices);
  filters->addRow(tr("Referral"), referral_);
  auto* dates = pair(from_, tr("to"), to_);
  dates->layout()->setSpacing(4);
  filters->addRow(useDates_, dates);
  filters->addRow(tr("Amount"), pair(minimumAmount_, tr("to"), maximumAmount_));
  filters->addRow(tr("PD"), pair(minimumPd_, tr("to"), maximumPd_));

  table_ = new QTableView;
  table_->setObjectName("caseQueue");
  table_->setModel(filter_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(CaseQueueModel::Case, Qt::DescendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setAlternatingRowColors(true);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  table_->setWordWrap(false);

  progress_ = new QProgressBar;
  progress_->setRange(0, 0);  // busy: the query reports no partial progress
  progress_->setFormat(tr("Loading cases…"));
  progress_->setTextVisible(true);
  progress_->hide();

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(counts_);
  layout->addWidget(search_);
  layout->addLayout(filters);
  layout->addWidget(progress_);
  layout->addWidget(table_, 1);

  connect(search_, &QLineEdit::textChanged, filter_, &CaseQueueFilter::setSearchText);
  for (auto* box : {status_, segment_, referral_})
    connect(box, &QComboBox::currentIndexChanged, this, &CaseQueuePanel::applyFilters);
  connect(useDates_, &QCheckBox::toggled, this, [this](bool on) {
    from_->setEnabled(on);
    to_->setEnabled(on);
    applyFilters();
  });
  for (auto* edit : {from_, to_})
    connect(edit, &QDateEdit::dateChanged, this, &CaseQueuePanel::applyFilters);
  for (auto* box : {minimumAmount_, maximumAmount_, minimumPd_, maximumPd_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &CaseQueuePanel::applyFilters);
  connect(table_, &QTableView::activated, this, [this](const QModelIndex& index) {
    emit caseActivated(index.data(CaseQueueModel::kCaseIdRole).toLongLong());
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& index) {
            if (index.isValid())
              emit caseActivated(index.data(CaseQueueModel::kCaseIdRole).toLongLong());
          });
  connect(&watcher_, &QFutureWatcher<BackgroundResult<std::vector<CaseQueueRow>>>::finished, this,
          &CaseQueuePanel::finishLoading);
  updateCounts();
}

void CaseQueuePanel::applyFilters() {
  filter_->setStatusGroup(status_->currentData().toString());
  filter_->setSegment(segment_->currentData().toString());
  filter_->setReferralReason(referral_->currentData().toString());
  if (useDates_->isChecked())
    filter_->setDateRange(from_->date(), to_->date());
  else
    filter_->setDateRange(std::nullopt, std::nullopt);
  filter_->setAmountRange(valueOf(minimumAmount_), valueOf(maximumAmount_));
  filter_->setPdRange(valueOf(minimumPd_, 0.01), valueOf(maximumPd_, 0.01));
  updateCounts();
}

bool CaseQueuePanel::loading() const {
  return watcher_.isRunning();
}

void CaseQueuePanel::reload(const std::string& connectionString) {
  if (watcher_.isRunning()) {  // it may have read before the latest change: read again after it
    reloadAgain_ = connectionString;
    return;
  }
  pendingSelection_ = currentCaseId();
  progress_->show();
  loadStartedMs_ = QDateTime::currentMSecsSinceEpoch();
  watcher_.setFuture(QtConcurrent::run([connectionString] {
    return BackgroundResult<std::vector<CaseQueueRow>>::run(
        [&] { return CaseQueueReader(connectionString).read(); });
  }));
}

void CaseQueuePanel::finishLoading() {
  progress_->hide();
  if (!reloadAgain_.empty()) {
    const std::string again = std::exchange(reloadAgain_, std::string());
    reload(again);
    return;
  }
  auto result = watcher_.result();
  if (!result.value) {
    emit loadFailed(tr("Could not read the case queue: %1").arg(result.error));
    return;
  }
  std::vector<CaseQueueRow> rows = std::move(*result.value);
  const double ms = static_cast<double>(QDateTime::currentMSecsSinceEpoch() - loadStartedMs_);
  std::map<QString, QString> reasons;
  for (const auto& row : rows)
    for (const auto& reason : row.referralReasons) {
      const QString text = QString::fromStdString(reason);
      reasons[text.section(' ', 0, 0)] = text;
    }
  const QString chosen = referral_->currentData().toString();
  referral_->blockSignals(true);
  while (referral_->count() > 1) referral_->removeItem(1);
  for (const auto& [id, text] : reasons) {
    referral_->addItem(text, id);
    referral_->setItemData(referral_->count() - 1, text, Qt::ToolTipRole);
  }
  referral_->setCurrentIndex(std::max(0, referral_->findData(chosen)));
  referral_->blockSignals(false);

  std::set<QString> segments;
  for (const auto& row : rows) segments.insert(QString::fromStdString(row.segment));
  const QString chosenSegment = segment_->currentData().toString();
  segment_->blockSignals(true);
  while (segment_->count() > 1) segment_->removeItem(1);
  for (const auto& segment : segments) segment_->addItem(segment, segment);
  segment_->setCurrentIndex(std::max(0, segment_->findData(chosenSegment)));
  segment_->blockSignals(false);

  const int count = static_cast<int>(rows.size());
  table_->selectionModel()->blockSignals(true);
  model_->setRows(std::move(rows));
  table_->selectionModel()->blockSignals(false);
  table_->resizeColumnsToContents();
  if (pendingSelection_ != 0) {
    table_->selectionModel()->blockSignals(true);
    selectCase(pendingSelection_);
    table_->selectionModel()->blockSignals(false);
  }
  applyFilters();
  emit loaded(count, ms);
}

void CaseQueuePanel::updateCounts() {
  counts_->setText(countsText() +
                   tr("  ·  showing %1 of %2").arg(filter_->rowCount()).arg(model_->rowCount()));
}

QString CaseQueuePanel::countsText() const {
  std::map<QString, int> counts;
  for (const auto& row : model_->rows()) ++counts[CaseQueueModel::statusGroup(row.status)];
  return tr("<b>%1</b> referred · <b>%2</b> pending · <b>%3</b> decided · <b>%4</b> overridden")
      .arg(counts["referred"])
      .arg(counts["pending"])
      .arg(counts["decided"])
      .arg(counts["overridden"]);
}

std::int64_t CaseQueuePanel::currentCaseId() const {
  const QModelIndex index = table_->currentIndex();
  return index.isValid() ? index.data(CaseQueueModel::kCaseIdRole).toLongLong() : 0;
}

bool CaseQueuePanel::selectCase(std::int64_t caseId) {
  for (int r = 0; r < filter_->rowCount(); ++r) {
    const QModelIndex index = filter_->index(r, 0);
    if (index.data(CaseQueueModel::kCaseIdRole).toLongLong() == caseId) {
      table_->setCurrentIndex(index);
      table_->scrollTo(index);
      return true;
    }
  }
  return false;
}

}  // namespace aviary::gui
