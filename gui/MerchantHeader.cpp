#include "MerchantHeader.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace aviary::gui {
namespace {

QString field(const nlohmann::json& json, const char* key) {
  return json.contains(key) && json[key].is_string()
             ? QString::fromStdString(json[key].get<std::string>()).toHtmlEscaped()
             : QStringLiteral("—");
}

}  // namespace

MerchantHeader::MerchantHeader(QWidget* parent) : QFrame(parent) {
  setObjectName("merchantHeader");
  setFrameShape(QFrame::StyledPanel);
  title_ = new QLabel;
  QFont font = title_->font();
  font.setPointSizeF(font.pointSizeF() * 1.35);
  font.setBold(true);
  title_->setFont(font);
  identity_ = new QLabel;
  decision_ = new QLabel;
  for (auto* label : {title_, identity_, decision_}) {
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  }
  auto* layout = new QVBoxLayout(this);
  layout->setSpacing(2);
  layout->addWidget(title_);
  layout->addWidget(identity_);
  layout->addWidget(decision_);
  showMessage(tr("Choose a case in the queue."));
}

void MerchantHeader::showMessage(const QString& message) {
  title_->setText(message.toHtmlEscaped());
  identity_->clear();
  decision_->clear();
}

void MerchantHeader::showCase(const StoredCase& stored) {
  const auto& m = stored.merchant;
  const QLocale c = QLocale::c();
  title_->setText(tr("%1 <span style='font-weight:normal'>· case %2 · %3</span>")
                      .arg(field(m, "name"))
                      .arg(stored.caseId)
                      .arg(field(m, "segment")));
  identity_->setText(tr("USCC <b>%1</b> · owner <b>%2</b> · ID <b>%3</b> · %4 · submitted %5")
                         .arg(field(m, "uscc"), field(m, "owner_name"), field(m, "owner_id_number"),
                              field(m, "industry"),
                              QString::fromStdString(stored.submittedAt).left(16)));
  const auto application = stored.caseFile.value("application", nlohmann::json::object());
  QString decision = tr("Requested <b>%1 CNY</b> for %2 months · status <b>%3</b>")
                         .arg(c.toString(application.value("requested_amount_cny", 0.0), 'f', 0))
                         .arg(application.value("term_months", 0))
                         .arg(QString::fromStdString(stored.status));
  if (!stored.decisions.empty()) {
    const auto& latest = stored.decisions.back();
    decision +=
        tr(" · decision <b>%1</b> (%2) · limit <b>%3 CNY</b> · rate <b>%4 %</b> · PD <b>%5 %</b>")
            .arg(field(latest, "outcome"), field(latest, "kind"))
            .arg(c.toString(latest.value("limit_cny", 0.0), 'f', 0))
            .arg(c.toString(latest.value("annual_rate", 0.0) * 100, 'f', 2))
            .arg(c.toString(latest.value("pd", 0.0) * 100, 'f', 1));
  }
  decision_->setText(decision);
}

QString MerchantHeader::text() const {
  return title_->text() + "\n" + identity_->text() + "\n" + decision_->text();
}

}  // namespace aviary::gui
