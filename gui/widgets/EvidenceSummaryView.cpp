#include "EvidenceSummaryView.h"

#include "CompactTable.h"
#include "PanelLayout.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

namespace aviary::gui {
namespace {

QTableWidget* newTable(const QStringList& columns, int stretch) {
  return new CompactTable(columns, stretch, 14);
}

}  // namespace

EvidenceSummaryView::EvidenceSummaryView(QWidget* parent) : QWidget(parent) {
  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::RichText);
  features_ = newTable({tr("Feature"), tr("Value")}, 0);
  features_->setObjectName("features");
  facts_ = newTable({tr("Fact"), tr("Value"), tr("Source"), tr("Confidence")}, 1);
  facts_->setObjectName("facts");
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(status_);
  layout->addWidget(PanelLayout::titled(tr("Features the decision used"), features_));
  layout->addWidget(PanelLayout::titled(tr("Facts and where they come from"), facts_));
  layout->addStretch(1);
}

void EvidenceSummaryView::showEvidence(const nlohmann::json& evidence) {
  const QString status = QString::fromStdString(evidence.value("status", "ok"));
  QString text = tr("<b>%1</b> %2 — status <b>%3</b>")
                     .arg(QString::fromStdString(evidence.value("source_id", "")),
                          QString::fromStdString(evidence.value("source_version", "")),
                          status.toHtmlEscaped());
  if (status != "ok")
    text += "<br><span style='color:#b71c1c'>" +
            QString::fromStdString(evidence.value("error", "")).toHtmlEscaped() + "</span>";
  for (const auto& warning : evidence.value("warnings", nlohmann::json::array()))
    text += "<br><span style='color:#e65100'>⚠ " +
            QString::fromStdString(warning.get<std::string>()).toHtmlEscaped() + "</span>";
  status_->setText(text);

  const auto features = evidence.value("features", nlohmann::json::object());
  features_->setRowCount(static_cast<int>(features.size()));
  int row = 0;
  for (const auto& [name, value] : features.items()) {
    features_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(name)));
    auto* item =
        new QTableWidgetItem(value.is_number() ? QLocale::c().toString(value.get<double>(), 'g', 8)
                                               : QString::fromStdString(value.dump()));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    features_->setItem(row++, 1, item);
  }
  const auto facts = evidence.value("facts", nlohmann::json::array());
  facts_->setRowCount(static_cast<int>(facts.size()));
  row = 0;
  for (const auto& fact : facts) {
    facts_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(fact.value("name", ""))));
    facts_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(fact.value("value", ""))));
    facts_->setItem(row, 2,
                    new QTableWidgetItem(QString::fromStdString(fact.value("reference", "") +
                                                                " · " + fact.value("method", ""))));
    facts_->setItem(
        row++, 3,
        new QTableWidgetItem(QString::number(fact.value("confidence", 1.0) * 100, 'f', 0) + " %"));
  }
  for (auto* table : {features_, facts_}) {
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
  }
}

}  // namespace aviary::gui
