#include "ElectricityView.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "EvidenceSummaryView.h"

namespace electricity {
ElectricityView::ElectricityView(QWidget* parent) : SourceView(parent) {
  figures_ = new QLabel;
  figures_->setObjectName("electricityFigures");
  figures_->setWordWrap(true);
  figures_->setTextFormat(Qt::RichText);
  summary_ = new aviary::gui::EvidenceSummaryView;
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(figures_);
  layout->addWidget(summary_, 1);
}

void ElectricityView::showEvidence(const nlohmann::json& evidence) {
  summary_->setVisible(!evidence.is_null());
  if (evidence.is_null()) {
    figures_->setText(tr("No electricity bills in this case: they are read for shops."));
    return;
  }
  summary_->showEvidence(evidence);
  const QLocale c = QLocale::c();
  figures_->setText(tr("<b>%1</b> months billed · <b>%2 kWh</b> a month on average · trend "
                       "<b>%3 %</b> · <b>%4</b> bills paid late or not at all")
                        .arg(feature(evidence, "months_billed"))
                        .arg(c.toString(feature(evidence, "mean_monthly_kwh"), 'f', 0))
                        .arg(c.toString(feature(evidence, "usage_trend") * 100, 'f', 0))
                        .arg(feature(evidence, "late_payments")));
}

}  // namespace electricity

AVIARY_DECLARE_SOURCE_VIEW(electricity::ElectricityView)
