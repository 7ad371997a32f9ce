#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "CaseQueueRow.h"

namespace aviary::gui {

// The queue's cases as a table. Qt::UserRole gives the raw value to sort by (numbers as
// numbers); kCaseIdRole gives a row's case id.
class CaseQueueModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column {
    Case,
    Merchant,
    Segment,
    Uscc,
    Amount,
    Status,
    Submitted,
    Outcome,
    Limit,
    Rate,
    Pd,
    Referral,
    ColumnCount
  };
  static constexpr int kCaseIdRole = Qt::UserRole + 1;

  using QAbstractTableModel::QAbstractTableModel;

  void setRows(std::vector<CaseQueueRow> rows);
  const std::vector<CaseQueueRow>& rows() const { return rows_; }
  const CaseQueueRow& row(int index) const { return rows_.at(static_cast<std::size_t>(index)); }

  // referred, pending (submitted, processing), decided (approved, declined), overridden, other
  static QString statusGroup(const std::string& status);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  std::vector<CaseQueueRow> rows_;
};

}  // namespace aviary::gui
