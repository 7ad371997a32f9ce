#include "CaseQueueModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace aviary::gui {

void CaseQueueModel::setRows(std::vector<CaseQueueRow> rows) {
  beginResetModel();
  rows_ = std::move(rows);
  endResetModel();
}

QString CaseQueueModel::statusGroup(const std::string& status) {
  if (status == "referred") return QStringLiteral("referred");
  if (status == "submitted" || status == "processing") return QStringLiteral("pending");
  if (status == "approved" || status == "declined") return QStringLiteral("decided");
  if (status == "overridden") return QStringLiteral("overridden");
  return QStringLiteral("other");
}

int CaseQueueModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int CaseQueueModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant CaseQueueModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const CaseQueueRow& r = row(index.row());
  if (role == kCaseIdRole) return QVariant::fromValue<qlonglong>(r.caseId);
  const QLocale locale = QLocale::c();
  const auto money = [&](double v) { return locale.toString(v, 'f', 0); };
  if (role == Qt::UserRole) {
    switch (index.column()) {
      case Case:
        return QVariant::fromValue<qlonglong>(r.caseId);
      case Amount:
        return r.requestedAmountCny;
      case Limit:
        return r.limitCny ? QVariant(*r.limitCny) : QVariant(-1.0);
      case Rate:
        return r.annualRate ? QVariant(*r.annualRate) : QVariant(-1.0);
      case Pd:
        return r.probabilityOfDefault ? QVariant(*r.probabilityOfDefault) : QVariant(-1.0);
      default:
        return data(index, Qt::DisplayRole);
    }
  }
  if (role == Qt::TextAlignmentRole) {
    switch (index.column()) {
      case Case:
      case Amount:
      case Limit:
      case Rate:
      case Pd:
        return QVariant::fromValue<int>(Qt::AlignRight | Qt::AlignVCenter);
      default:
        return {};
    }
  }
  if (role == Qt::ForegroundRole && index.column() == Status) {
    const QString group = statusGroup(r.status);
    if (group == "referred") return QBrush(QColor(0xb3, 0x5c, 0x00));
    if (group == "overridden") return QBrush(QColor(0x6a, 0x1b, 0x9a));
    return {};
  }
  if (role == Qt::ToolTipRole && index.column() == Referral) {
    QStringList reasons;
    for (const auto& reason : r.referralReasons) reasons << QString::fromStdString(reason);
    return reasons.join('\n');
  }
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case Case:
      return QString::number(r.caseId);
    case Merchant:
      return QString::fromStdString(r.merchantName);
    case Segment:
      return QString::fromStdString(r.segment);
    case Uscc:
      return QString::fromStdString(r.uscc);
    case Amount:
      return money(r.requestedAmountCny);
    case Status:
      return QString::fromStdString(r.status);
    case Submitted:
      return QString::fromStdString(r.submittedAt).left(10);
    case Outcome:
      return r.outcome.empty()
                 ? QString()
                 : QString::fromStdString(r.outcome + (r.decisionKind == "automatic"
                                                           ? ""
                                                           : " (" + r.decisionKind + ")"));
    case Limit:
      return r.limitCny ? money(*r.limitCny) : QString();
    case Rate:
      return r.annualRate ? QString::number(*r.annualRate * 100, 'f', 2) + " %" : QString();
    case Pd:
      return r.probabilityOfDefault ? QString::number(*r.probabilityOfDefault * 100, 'f', 1) + " %"
                                    : QString();
    case Referral: {
      QStringList ids;
      for (const auto& reason : r.referralReasons)
        ids << QString::fromStdString(reason.substr(0, reason.find(' ')));
      return ids.join(", ");
    }
    default:
      return {};
  }
}

QVariant CaseQueueModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  static const char* names[] = {
      "Case",     "Merchant",    "Segment", "USCC", "Requested (CNY)", "Status", "Submitted",
      "Decision", "Limit (CNY)", "Rate",    "PD",   "Referred for"};
  return section >= 0 && section < ColumnCount ? QString(names[section]) : QVariant();
}

}  // namespace aviary::gui
