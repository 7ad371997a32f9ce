#pragma once

#include <QDialog>

#include "UnderwriterAction.h"

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace aviary::gui {

// Asks for what an underwriter action needs: always a reason (the dialog will not close
// without one), the limit and price when approving or changing terms, a second underwriter
// when the limit is above the threshold, and the documents to ask for.
class ActionDialog : public QDialog {
  Q_OBJECT
 public:
  ActionDialog(UnderwriterAction::Kind kind, std::int64_t caseId, const QString& caseTitle,
               double limitCny, double annualRate, double secondApproverThresholdCny,
               const QString& underwriter, QWidget* parent = nullptr);

  UnderwriterAction action() const;
  QString validationError() const;  // empty when the action may be sent

  QPlainTextEdit* reasonEdit() const { return reason_; }
  QDoubleSpinBox* limitEdit() const { return limit_; }
  QDoubleSpinBox* rateEdit() const { return rate_; }
  QLineEdit* secondApproverEdit() const { return secondApprover_; }
  QLineEdit* documentsEdit() const { return documents_; }
  QLabel* errorLabel() const { return error_; }

 public slots:
  void accept() override;

 private:
  void updateSecondApprover();

  UnderwriterAction::Kind kind_;
  std::int64_t caseId_;
  double threshold_;
  QString underwriter_;
  QPlainTextEdit* reason_;
  QDoubleSpinBox* limit_ = nullptr;
  QDoubleSpinBox* rate_ = nullptr;
  QLineEdit* secondApprover_ = nullptr;
  QLabel* secondApproverLabel_ = nullptr;
  QLineEdit* documents_ = nullptr;
  QLabel* error_;
};

}  // namespace aviary::gui
