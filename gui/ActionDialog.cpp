#include "ActionDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aviary::gui {

ActionDialog::ActionDialog(UnderwriterAction::Kind kind, std::int64_t caseId,
                           const QString& caseTitle, double limitCny, double annualRate,
                           double secondApproverThresholdCny, const QString& underwriter,
                           QWidget* parent)
    : QDialog(parent),
      kind_(kind),
      caseId_(caseId),
      threshold_(secondApproverThresholdCny),
      underwriter_(underwriter) {
  using Kind = UnderwriterAction::Kind;
  static const std::map<Kind, QString> titles = {
      {Kind::Approve, tr("Approve")},
      {Kind::Decline, tr("Decline")},
      {Kind::ChangeTerms, tr("Change limit or price")},
      {Kind::RequestDocuments, tr("Request more documents")},
      {Kind::AddNote, tr("Add a note")}};
  setWindowTitle(titles.at(kind) + " — " + caseTitle);
  setMinimumWidth(480);
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  auto* who = new QLabel(
      tr("%1 · acting as <b>%2</b>").arg(caseTitle.toHtmlEscaped(), underwriter.toHtmlEscaped()));
  who->setWordWrap(true);
  form->addRow(who);
  if (kind == Kind::Approve || kind == Kind::ChangeTerms) {
    limit_ = new QDoubleSpinBox;
    limit_->setRange(0, 50'000'000);
    limit_->setDecimals(0);
    limit_->setSingleStep(10'000);
    limit_->setGroupSeparatorShown(true);
    limit_->setSuffix(" CNY");
    limit_->setValue(limitCny);
    rate_ = new QDoubleSpinBox;
    rate_->setRange(0, 99.99);
    rate_->setDecimals(2);
    rate_->setSingleStep(0.25);
    rate_->setSuffix(tr(" % a year"));
    rate_->setValue(annualRate * 100);
    form->addRow(tr("&Limit"), limit_);
    form->addRow(tr("&Price"), rate_);
    secondApprover_ = new QLineEdit;
    secondApprover_->setPlaceholderText(tr("name of the second underwriter"));
    secondApproverLabel_ = new QLabel(tr("&Second underwriter"));
    secondApproverLabel_->setBuddy(secondApprover_);
    form->addRow(secondApproverLabel_, secondApprover_);
    connect(limit_, &QDoubleSpinBox::valueChanged, this, &ActionDialog::updateSecondApprover);
  }
  if (kind == Kind::RequestDocuments) {
    documents_ = new QLineEdit;
    documents_->setPlaceholderText(tr("e.g. lease contract, last 3 utility bills"));
    form->addRow(tr("&Documents"), documents_);
  }
  reason_ = new QPlainTextEdit;
  reason_->setPlaceholderText(kind == Kind::AddNote
                                  ? tr("The note (required)")
                                  : tr("Why — required; it is written to the audit log"));
  reason_->setTabChangesFocus(true);
  reason_->setMinimumHeight(90);
  auto* reasonLabel = new QLabel(kind == Kind::AddNote ? tr("&Note") : tr("&Reason"));
  reasonLabel->setBuddy(reason_);
  form->addRow(reasonLabel, reason_);
  error_ = new QLabel;
  error_->setObjectName("actionError");
  error_->setWordWrap(true);
  error_->setStyleSheet("color: #b71c1c");
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(titles.at(kind));
  connect(buttons, &QDialogButtonBox::accepted, this, &ActionDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ActionDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(error_);
  layout->addWidget(buttons);
  updateSecondApprover();
  reason_->setFocus();
}

void ActionDialog::updateSecondApprover() {
  if (limit_ == nullptr) return;
  const bool needed = limit_->value() > threshold_;
  secondApprover_->setVisible(needed);
  secondApproverLabel_->setVisible(needed);
  secondApproverLabel_->setText(
      needed
          ? tr("&Second underwriter (above %1 CNY)").arg(QLocale::c().toString(threshold_, 'f', 0))
          : tr("&Second underwriter"));
}

QString ActionDialog::validationError() const {
  using Kind = UnderwriterAction::Kind;
  if (reason_->toPlainText().trimmed().isEmpty())
    return kind_ == Kind::AddNote
               ? tr("Write the note first.")
               : tr("A reason is required: say why, it is written to the audit log.");
  if (limit_ != nullptr) {
    if (limit_->value() <= 0) return tr("Enter a limit above 0 CNY, or decline instead.");
    if (rate_->value() <= 0) return tr("Enter the price as an annual rate above 0 %.");
    if (limit_->value() > threshold_) {
      const QString second = secondApprover_->text().trimmed();
      if (second.isEmpty())
        return tr("A limit above %1 CNY needs a second underwriter: enter their name.")
            .arg(QLocale::c().toString(threshold_, 'f', 0));
      if (second == underwriter_)
        return tr("The second underwriter must be someone other than you.");
    }
  }
  if (documents_ != nullptr && documents_->text().trimmed().isEmpty())
    return tr("Name at least one document the merchant should bring.");
  return {};
}

void ActionDialog::accept() {
  const QString problem = validationError();
  error_->setText(problem);
  if (problem.isEmpty()) QDialog::accept();
}

UnderwriterAction ActionDialog::action() const {
  UnderwriterAction action;
  action.kind = kind_;
  action.caseId = caseId_;
  action.underwriter = underwriter_.toStdString();
  action.reason = reason_->toPlainText().trimmed().toStdString();
  if (limit_ != nullptr) {
    action.limitCny = limit_->value();
    action.annualRate = rate_->value() / 100;
    if (limit_->value() > threshold_)
      action.secondApprover = secondApprover_->text().trimmed().toStdString();
  }
  if (documents_ != nullptr)
    for (const QString& document : documents_->text().split(',', Qt::SkipEmptyParts))
      action.documents.push_back(document.trimmed().toStdString());
  return action;
}

}  // namespace aviary::gui
