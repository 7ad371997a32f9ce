#include "DecisionTab.h"

#include "CompactTable.h"

#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "PanelLayout.h"
#include "TimeSeriesChart.h"

namespace aviary::gui {
namespace {

QTableWidget* newTable(const QStringList& columns, const char* name, int stretch, int rows = 12) {
  auto* table = new CompactTable(columns, stretch, rows);
  table->setObjectName(name);
  return table;
}

void addRow(QTableWidget* table, const QStringList& cells) {
  const int row = table->rowCount();
  table->insertRow(row);
  for (int c = 0; c < cells.size(); ++c) table->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString str(const nlohmann::json& json, const char* key) {
  if (!json.contains(key)) return {};
  const auto& value = json.at(key);
  return value.is_string() ? QString::fromStdString(value.get<std::string>())
         : value.is_null() ? QString()
                           : QString::fromStdString(value.dump());
}

QLabel* wrapped() {
  auto* label = new QLabel;
  label->setWordWrap(true);
  label->setTextFormat(Qt::RichText);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QGroupBox* box(const QString& title, QWidget* content) {
  auto* group = new QGroupBox(title);
  auto* layout = new QVBoxLayout(group);
  layout->addWidget(content);
  layout->addStretch(1);  // tables fit their rows: keep them at the top
  return group;
}

}  // namespace

DecisionTab::DecisionTab(QWidget* parent) : QWidget(parent) {
  outcome_ = wrapped();
  outcome_->setObjectName("decisionOutcome");
  reasons_ = newTable({tr("Reason"), tr("Source"), tr("Contribution")}, "reasons", 0);
  rules_ = newTable({tr("Rule"), tr("Action"), tr("What it says")}, "rules", 2);
  counterfactual_ = wrapped();
  counterfactual_->setObjectName("counterfactual");
  versions_ = wrapped();
  versions_->setObjectName("versions");
  decisions_ = newTable({tr("#"), tr("Kind"), tr("Outcome"), tr("Limit (CNY)"), tr("Rate"),
                         tr("PD"), tr("By"), tr("Reason"), tr("When")},
                        "decisions", 7);
  audit_ = newTable({tr("#"), tr("When"), tr("Actor"), tr("Action"), tr("Detail")}, "audit", 4, 20);

  auto* content = new QWidget;
  auto* grid = new QGridLayout(content);
  auto* chartBox = new QWidget;
  chartLayout_ = new QVBoxLayout(chartBox);
  chartLayout_->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(outcome_, 0, 0, 1, 2);
  grid->addWidget(box(tr("Top reasons"), reasons_), 1, 0);
  grid->addWidget(chartBox, 1, 1);
  grid->addWidget(box(tr("Policy rules that fired"), rules_), 2, 0);
  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(box(tr("What would raise the limit"), counterfactual_));
  sideLayout->addWidget(box(tr("Model, rules and sources"), versions_));
  grid->addWidget(side, 2, 1);
  grid->addWidget(box(tr("Decisions"), decisions_), 3, 0, 1, 2);
  grid->addWidget(box(tr("Audit history (append-only)"), audit_), 4, 0, 1, 2);
  grid->setRowStretch(5, 1);
  grid->setAlignment(Qt::AlignTop);
  grid->setColumnStretch(0, 1);
  grid->setColumnStretch(1, 1);
  PanelLayout::fillScrolling(this, content);
}

void DecisionTab::showCase(const StoredCase& stored) {
  for (auto* table : {reasons_, rules_, decisions_, audit_}) table->setRowCount(0);
  delete contributions_;
  contributions_ = nullptr;
  const QLocale c = QLocale::c();
  if (!stored.automaticDecision) {
    outcome_->setText(tr("Case %1 is <b>%2</b>: the kernel has not decided it yet.")
                          .arg(stored.caseId)
                          .arg(QString::fromStdString(stored.status)));
    counterfactual_->setText(tr("(no decision yet)"));
    versions_->setText(tr("(no decision yet)"));
  } else {
    const nlohmann::json decision =
        stored.automaticDecision->value("decision", nlohmann::json::object());
    outcome_->setText(tr("Automatic decision: <b>%1</b> · limit <b>%2 CNY</b> · rate <b>%3 %</b> · "
                         "PD <b>%4 %</b> · "
                         "case status now <b>%5</b>")
                          .arg(str(decision, "outcome"))
                          .arg(c.toString(decision.value("limit_cny", 0.0), 'f', 0))
                          .arg(c.toString(decision.value("annual_rate", 0.0) * 100, 'f', 2))
                          .arg(c.toString(decision.value("pd", 0.0) * 100, 'f', 1))
                          .arg(QString::fromStdString(stored.status)));
    for (const auto& reason : decision.value("reasons", nlohmann::json::array()))
      addRow(reasons_, {str(reason, "text"), str(reason, "group"),
                        QString("%1%2")
                            .arg(reason.value("contribution", 0.0) > 0 ? "+" : "")
                            .arg(reason.value("contribution", 0.0), 0, 'f', 3)});
    std::vector<std::pair<QString, double>> bySource;
    const nlohmann::json contributions =
        decision.value("contribution_by_source", nlohmann::json::object());
    for (const auto& [source, value] : contributions.items())
      bySource.emplace_back(QString::fromStdString(source), value.get<double>());
    std::sort(bySource.begin(), bySource.end(),
              [](const auto& a, const auto& b) { return std::abs(a.second) < std::abs(b.second); });
    contributions_ = TimeSeriesChart::bars(bySource, tr("Contribution of each source to the risk"),
                                           tr("Share of the log-odds of default (+ raises risk)"),
                                           tr("Evidence source"));
    contributions_->setObjectName("contributionChart");
    contributions_->setMinimumHeight(std::max(230, 50 * static_cast<int>(bySource.size()) + 150));
    contributions_->setMaximumHeight(contributions_->minimumHeight() + 60);
    chartLayout_->addWidget(contributions_);
    for (const auto& rule : decision.value("rules_fired", nlohmann::json::array()))
      addRow(rules_, {str(rule, "id"), str(rule, "action"), str(rule, "text")});
    if (rules_->rowCount() == 0)
      addRow(rules_, {tr("none"), QString(), tr("no policy rule fired")});
    const QString hint = str(decision, "counterfactual");
    counterfactual_->setText(
        hint.isEmpty() ? tr("No hint: no evidence the policy knows of would raise the limit.")
                       : hint.toHtmlEscaped());
    const auto rules = decision.value("rule_set", nlohmann::json::object());
    QString versions = tr("Credit model <code>%1</code><br>Rule set <b>%2 %3</b> <code>%4</code>")
                           .arg(str(decision, "model_sha256").left(12), str(rules, "name"),
                                str(rules, "version"), str(rules, "sha256").left(12));
    const nlohmann::json plugins = decision.value("plugin_versions", nlohmann::json::object());
    for (const auto& [plugin, version] : plugins.items())
      versions += tr("<br>Source %1 %2")
                      .arg(QString::fromStdString(plugin),
                           QString::fromStdString(version.get<std::string>()));
    versions_->setText(versions);
  }
  for (const auto& d : stored.decisions)
    addRow(decisions_, {str(d, "decision_id"), str(d, "kind"), str(d, "outcome"),
                        c.toString(d.value("limit_cny", 0.0), 'f', 0),
                        c.toString(d.value("annual_rate", 0.0) * 100, 'f', 2) + " %",
                        c.toString(d.value("pd", 0.0) * 100, 'f', 1) + " %", str(d, "decided_by"),
                        str(d, "reason"), str(d, "created_at").left(19)});
  for (const auto& a : stored.audit) {
    QString detail;
    const nlohmann::json details = a.value("detail", nlohmann::json::object());
    for (const auto& [key, value] : details.items())
      detail += (detail.isEmpty() ? "" : ", ") + QString::fromStdString(key) + ": " +
                (value.is_string() ? QString::fromStdString(value.get<std::string>())
                                   : QString::fromStdString(value.dump()));
    addRow(audit_, {str(a, "audit_id"), str(a, "occurred_at").left(19), str(a, "actor"),
                    str(a, "action"), detail});
  }
  for (auto* table : {reasons_, rules_, decisions_, audit_}) {
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
  }
}

}  // namespace aviary::gui
