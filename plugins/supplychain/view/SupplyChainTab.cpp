#include "SupplyChainTab.h"

#include <cmath>

#include "CompactTable.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "EvidenceSummaryView.h"
#include "PanelLayout.h"
#include "SupplyChainGraphView.h"
#include "TimeSeriesChart.h"

namespace aviary::gui {
namespace {

QTableWidget* newTable(const QStringList& columns, int stretch) {
  return new CompactTable(columns, stretch, 10);
}

void addRow(QTableWidget* table, const QStringList& cells) {
  const int row = table->rowCount();
  table->insertRow(row);
  for (int c = 0; c < cells.size(); ++c) table->setItem(row, c, new QTableWidgetItem(cells[c]));
}

}  // namespace

SupplyChainTab::SupplyChainTab(QWidget* parent) : SourceView(parent) {
  figures_ = new QLabel;
  figures_->setObjectName("supplyFigures");
  figures_->setWordWrap(true);
  figures_->setTextFormat(Qt::RichText);
  flags_ = newTable({tr("Flag"), tr("What was found, members and transactions")}, 1);
  flags_->setObjectName("flags");
  standing_ = newTable({tr("Standing rests on"), tr("Share")}, 0);
  standing_->setObjectName("standing");
  summary_ = new EvidenceSummaryView;

  auto* graphBox =
      new QGroupBox(tr("Trade neighbourhood (arrows: money paid for goods; width: amount)"));
  graphLayout_ = new QVBoxLayout(graphBox);
  auto* right = new QWidget;
  auto* rightLayout = new QVBoxLayout(right);
  chartLayout_ = new QVBoxLayout;
  rightLayout->addLayout(chartLayout_);
  rightLayout->addWidget(PanelLayout::titled(tr("Rings, shells and other flags"), flags_));
  rightLayout->addWidget(PanelLayout::titled(tr("Standing"), standing_));
  rightLayout->addWidget(summary_);
  rightLayout->addStretch(1);
  auto* splitter = PanelLayout::sideBySide(graphBox, PanelLayout::scrolling(right), 1, 1);
  splitter->setSizes({500, 500});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(figures_);
  layout->addWidget(splitter, 1);
}

// The "findings" table (docs/artifacts.md, aviary.supplychain.findings/1); false when the
// evidence has none of a shape this view knows.
bool SupplyChainTab::showFindingsTable(const nlohmann::json& evidence) {
  nlohmann::json data;
  const auto artifacts = evidence.find("artifacts");
  if (artifacts != evidence.end() && artifacts->is_array())
    for (const auto& artifact : *artifacts)
      if (artifact.is_object() && artifact.value("name", "") == "findings" &&
          artifact.contains("data"))
        data = artifact["data"];
  if (!data.is_object() || data.value("schema", "") != "aviary.supplychain.findings/1" ||
      !data.value("findings", nlohmann::json()).is_array() ||
      !data.value("standing", nlohmann::json()).is_array())
    return false;
  auto joined = [](const nlohmann::json& list) {
    QStringList parts;
    if (list.is_array())
      for (const auto& item : list)
        if (item.is_string()) parts << QString::fromStdString(item.get<std::string>());
    return parts.join(", ");
  };
  auto text = [](const nlohmann::json& object, const char* key) {
    const auto value = object.value(key, nlohmann::json());
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
  };
  for (const auto& finding : data["findings"]) {
    if (!finding.is_object()) continue;
    const QString members = joined(finding.value("members", nlohmann::json()));
    const QString transactions = joined(finding.value("transactions", nlohmann::json()));
    addRow(flags_,
           {text(finding, "type").replace('_', ' '),
            text(finding, "detail") +
                (members.isEmpty() ? QString() : tr("\nmembers: %1").arg(members)) +
                (transactions.isEmpty() ? QString() : tr("\ntransactions: %1").arg(transactions))});
  }
  for (const auto& source : data["standing"]) {
    if (!source.is_object()) continue;
    const QString party = text(source, "party");
    const auto share = source.value("share", nlohmann::json());
    addRow(standing_,
           {party.isEmpty() ? text(source, "role")
                            : QString("%1 (%2)").arg(party, text(source, "role")),
            share.is_number() ? tr("%1% of its trust").arg(std::lround(share.get<double>() * 100))
                              : QString()});
  }
  return true;
}

// Evidence stored before the table existed: the findings' facts as written.
void SupplyChainTab::showFindingFacts(const nlohmann::json& evidence) {
  for (const auto& fact : evidence.value("facts", nlohmann::json::array())) {
    const std::string name = fact.value("name", "");
    const QString value = QString::fromStdString(fact.value("value", ""));
    if (name == "circular_trade" || name == "shell_suspect" || name == "failed_affiliate" ||
        name == "supplier_loss" || name == "layering" || name == "fan_in" || name == "fan_out")
      addRow(flags_, {QString::fromStdString(name).replace('_', ' '), value});
    else if (name == "standing_rests_on")
      addRow(standing_, {value, QString()});
  }
}

void SupplyChainTab::showEvidence(const nlohmann::json& evidence) {
  delete graph_;
  delete purchases_;
  graph_ = nullptr;
  purchases_ = nullptr;
  flags_->setRowCount(0);
  standing_->setRowCount(0);
  if (evidence.is_null()) {
    figures_->setText(
        tr("No supply-chain evidence in this case: payment networks are read for dealers."));
    summary_->hide();
    return;
  }
  summary_->show();
  summary_->showEvidence(evidence);
  const QLocale c = QLocale::c();
  QString role;
  for (const auto& fact : evidence.value("facts", nlohmann::json::array()))
    if (fact.value("name", "") == "role") role = QString::fromStdString(fact.value("value", ""));
  figures_->setText(
      tr("<b>%1</b> · buys <b>%2 CNY</b> a month (stability %3, trend %4 %/month) from %5 "
         "suppliers "
         "· %6 buyers · standing <b>%7</b> · certified: %8 · suggested limit <b>%9 CNY</b>")
          .arg(role.isEmpty() ? tr("role unknown") : role.toHtmlEscaped())
          .arg(c.toString(feature(evidence, "monthly_purchase_cny"), 'f', 0))
          .arg(c.toString(feature(evidence, "purchase_stability"), 'f', 2))
          .arg(c.toString(feature(evidence, "purchase_trend") * 100, 'f', 1))
          .arg(feature(evidence, "supplier_count"))
          .arg(feature(evidence, "buyer_count"))
          .arg(c.toString(feature(evidence, "network_standing"), 'f', 3))
          .arg(feature(evidence, "certified") > 0 ? tr("yes") : tr("no"))
          .arg(c.toString(feature(evidence, "suggested_limit_cny"), 'f', 0)));

  for (const auto& artifact : evidence.value("artifacts", nlohmann::json::array())) {
    const std::string name = artifact.value("name", "");
    const QString title = QString::fromStdString(artifact.value("title", name));
    if (artifact.value("kind", "") == "graph" && graph_ == nullptr) {
      const QString focus = QString::fromStdString(name.substr(name.find(':') + 1));
      graph_ = new SupplyChainGraphView(artifact.value("data", nlohmann::json::object()), focus);
      graph_->setObjectName("supplyGraph");
      graph_->setToolTip(title);
      graphLayout_->addWidget(graph_);
    } else if (artifact.value("kind", "") == "time_series" && purchases_ == nullptr) {
      purchases_ =
          TimeSeriesChart::generic(artifact.value("data", nlohmann::json::object()), title);
      purchases_->setObjectName("purchaseChart");
      purchases_->setMinimumHeight(280);
      chartLayout_->addWidget(purchases_);
    }
  }
  if (!showFindingsTable(evidence)) showFindingFacts(evidence);
  if (flags_->rowCount() == 0)
    addRow(flags_, {tr("none"), tr("no ring, shell, failed affiliate or supplier loss found")});
  for (auto* table : {flags_, standing_}) {
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
  }
}

}  // namespace aviary::gui

AVIARY_DECLARE_SOURCE_VIEW(aviary::gui::SupplyChainTab)
