#pragma once

#include <QDate>
#include <QSortFilterProxyModel>
#include <optional>

namespace aviary::gui {

// The queue's filters: status group, segment, submission dates, amount, PD, referral reason
// and a search over merchant name and USCC. Empty or unset criteria let everything through.
class CaseQueueFilter : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit CaseQueueFilter(QObject* parent = nullptr);

  void setStatusGroup(const QString& group);  // "", referred, pending, decided, overridden
  void setSegment(const QString& segment);    // "", farmer, dealer, shop
  void setDateRange(std::optional<QDate> from, std::optional<QDate> to);
  void setAmountRange(std::optional<double> minimum, std::optional<double> maximum);
  void setPdRange(std::optional<double> minimum, std::optional<double> maximum);  // 0..1
  void setReferralReason(const QString& ruleId);                                  // e.g. "R003"
  void setSearchText(const QString& text);

 protected:
  bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  void changed();

  QString statusGroup_, segment_, referralReason_, search_;
  std::optional<QDate> from_, to_;
  std::optional<double> minimumAmount_, maximumAmount_, minimumPd_, maximumPd_;
};

}  // namespace aviary::gui
