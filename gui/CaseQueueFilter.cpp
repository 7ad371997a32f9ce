#include "CaseQueueFilter.h"

#include "CaseQueueModel.h"

namespace aviary::gui {

CaseQueueFilter::CaseQueueFilter(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(Qt::UserRole);
}

void CaseQueueFilter::changed() {
  // Qt 6.4 has no begin/endFilterChange; invalidateFilter re-runs filterAcceptsRow.
  invalidateFilter();
}

void CaseQueueFilter::setStatusGroup(const QString& group) {
  statusGroup_ = group;
  changed();
}
void CaseQueueFilter::setSegment(const QString& segment) {
  segment_ = segment;
  changed();
}
void CaseQueueFilter::setDateRange(std::optional<QDate> from, std::optional<QDate> to) {
  from_ = from;
  to_ = to;
  changed();
}
void CaseQueueFilter::setAmountRange(std::optional<double> minimum, std::optional<double> maximum) {
  minimumAmount_ = minimum;
  maximumAmount_ = maximum;
  changed();
}
void CaseQueueFilter::setPdRange(std::optional<double> minimum, std::optional<double> maximum) {
  minimumPd_ = minimum;
  maximumPd_ = maximum;
  changed();
}
void CaseQueueFilter::setReferralReason(const QString& ruleId) {
  referralReason_ = ruleId;
  changed();
}
void CaseQueueFilter::setSearchText(const QString& text) {
  search_ = text.trimmed();
  changed();
}

bool CaseQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
  const auto* model = qobject_cast<const CaseQueueModel*>(sourceModel());
  if (model == nullptr) return true;
  const CaseQueueRow& row = model->row(sourceRow);
  if (!statusGroup_.isEmpty() && CaseQueueModel::statusGroup(row.status) != statusGroup_)
    return false;
  if (!segment_.isEmpty() && QString::fromStdString(row.segment) != segment_) return false;
  if (from_ || to_) {
    const QDate submitted =
        QDate::fromString(QString::fromStdString(row.submittedAt).left(10), Qt::ISODate);
    if (from_ && submitted < *from_) return false;
    if (to_ && submitted > *to_) return false;
  }
  if (minimumAmount_ && row.requestedAmountCny < *minimumAmount_) return false;
  if (maximumAmount_ && row.requestedAmountCny > *maximumAmount_) return false;
  if (minimumPd_ || maximumPd_) {
    if (!row.probabilityOfDefault) return false;
    if (minimumPd_ && *row.probabilityOfDefault < *minimumPd_) return false;
    if (maximumPd_ && *row.probabilityOfDefault > *maximumPd_) return false;
  }
  if (!referralReason_.isEmpty()) {
    bool found = false;
    for (const auto& reason : row.referralReasons)
      found = found || QString::fromStdString(reason).startsWith(referralReason_ + ' ');
    if (!found) return false;
  }
  if (!search_.isEmpty() &&
      !QString::fromStdString(row.merchantName).contains(search_, Qt::CaseInsensitive) &&
      !QString::fromStdString(row.uscc).contains(search_, Qt::CaseInsensitive))
    return false;
  return true;
}

bool CaseQueueFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(Qt::UserRole), b = right.data(Qt::UserRole);
  if (a.typeId() == QMetaType::Double || a.typeId() == QMetaType::LongLong)
    return a.toDouble() < b.toDouble();
  return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
}

}  // namespace aviary::gui
