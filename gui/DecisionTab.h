#pragma once

#include <QWidget>

#include "StoredCase.h"

class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace aviary::gui {

class TimeSeriesChart;

// Why the case was decided as it was: the top reasons, each evidence source's contribution
// (a chart), the policy rules that fired, the counterfactual hint, the model and rule
// versions, every decision (automatic, manual, override) and the full audit history.
class DecisionTab : public QWidget {
  Q_OBJECT
 public:
  explicit DecisionTab(QWidget* parent = nullptr);

  void showCase(const StoredCase& stored);

  QLabel* outcome() const { return outcome_; }
  QTableWidget* reasons() const { return reasons_; }
  TimeSeriesChart* contributions() const { return contributions_; }
  QTableWidget* rules() const { return rules_; }
  QLabel* counterfactual() const { return counterfactual_; }
  QLabel* versions() const { return versions_; }
  QTableWidget* decisions() const { return decisions_; }
  QTableWidget* audit() const { return audit_; }

 private:
  QLabel* outcome_;
  QTableWidget* reasons_;
  QVBoxLayout* chartLayout_;
  TimeSeriesChart* contributions_ = nullptr;
  QTableWidget* rules_;
  QLabel* counterfactual_;
  QLabel* versions_;
  QTableWidget* decisions_;
  QTableWidget* audit_;
};

}  // namespace aviary::gui
