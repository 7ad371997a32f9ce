#include "CredentialsTab.h"

#include "CompactTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include "AnnotatedImageView.h"
#include "ArtifactView.h"
#include "EvidenceSummaryView.h"
#include "PanelLayout.h"

namespace aviary::gui {
namespace {

QTableWidget* newTable(const QStringList& columns, int stretch) {
  return new CompactTable(columns, stretch, 10);
}

void addRow(QTableWidget* table, const QStringList& cells, const QColor& colour = {}) {
  const int row = table->rowCount();
  table->insertRow(row);
  for (int c = 0; c < cells.size(); ++c) {
    auto* item = new QTableWidgetItem(cells[c]);
    if (colour.isValid() && c == 1) item->setForeground(colour);
    table->setItem(row, c, item);
  }
}

void addChecks(QTableWidget* table, const nlohmann::json& checks) {
  for (const auto& check : checks) {
    const bool passed = check.value("passed", false);
    const bool unverified = check.value("unverified", false);
    addRow(table,
           {QString::fromStdString(check.value("name", "")),
            passed       ? QObject::tr("✔ passed")
            : unverified ? QObject::tr("? not checked")
                         : QObject::tr("✘ failed"),
            QString::fromStdString(check.value("detail", ""))},
           passed       ? QColor(46, 125, 50)
           : unverified ? QColor(158, 105, 0)
                        : QColor(198, 40, 40));
  }
}

QString text(const nlohmann::json& value) {
  return value.is_string() ? QString::fromStdString(value.get<std::string>())
         : value.is_null() ? QString()
                           : QString::fromStdString(value.dump());
}

}  // namespace

CredentialsTab::CredentialsTab(QWidget* parent) : SourceView(parent) {
  figures_ = new QLabel;
  figures_->setObjectName("credentialFigures");
  figures_->setWordWrap(true);
  figures_->setTextFormat(Qt::RichText);
  documents_ = new QListWidget;
  documents_->setObjectName("documents");
  photo_ = new AnnotatedImageView;
  photo_->setObjectName("documentPhoto");
  photo_->setMaximumDisplayWidth(520);
  fields_ = newTable({tr("Field"), tr("Value"), tr("Confidence")}, 1);
  fields_->setObjectName("fields");
  checks_ = newTable({tr("Check"), tr("Result"), tr("Detail")}, 2);
  checks_->setObjectName("checks");
  reshoot_ = new QLabel;
  reshoot_->setWordWrap(true);
  reshoot_->setObjectName("reshoot");
  crossChecks_ = newTable({tr("Across documents"), tr("Result"), tr("Detail")}, 2);
  crossChecks_->setObjectName("crossChecks");
  transcript_ = newTable({tr("Who"), tr("Said")}, 1);
  transcript_->setObjectName("transcript");
  summary_ = new EvidenceSummaryView;

  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(new QLabel(tr("Documents")));
  documents_->setMaximumHeight(140);
  leftLayout->addWidget(documents_);
  leftLayout->addWidget(PanelLayout::titled(tr("Cross-document consistency"), crossChecks_));
  leftLayout->addWidget(PanelLayout::titled(tr("Interview transcript"), transcript_));
  leftLayout->addStretch(1);

  auto* right = new QWidget;
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->addWidget(reshoot_);
  rightLayout->addWidget(photo_);
  auto* legend = new QLabel(tr("Green: the page as detected · blue: fields the reader located"));
  legend->setWordWrap(true);
  rightLayout->addWidget(legend);
  rightLayout->addWidget(PanelLayout::titled(tr("Fields read"), fields_));
  rightLayout->addWidget(PanelLayout::titled(tr("Checks"), checks_));
  rightLayout->addWidget(summary_);
  rightLayout->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(figures_);
  layout->addWidget(PanelLayout::sideBySide(left, PanelLayout::scrolling(right), 2, 3), 1);
  connect(documents_, &QListWidget::currentRowChanged, this, &CredentialsTab::showDocument);
}

void CredentialsTab::showEvidence(const nlohmann::json& evidence) {
  evidence_ = evidence;
  readings_.clear();
  documents_->clear();
  crossChecks_->setRowCount(0);
  transcript_->setRowCount(0);
  showDocument(-1);
  if (evidence.is_null()) {
    figures_->setText(
        tr("No credential evidence in this case: no document photos were submitted."));
    summary_->hide();
    return;
  }
  summary_->show();
  summary_->showEvidence(evidence);
  const auto features = evidence.value("features", nlohmann::json::object());
  const auto number = [&](const char* name) {
    return features.contains(name) && features[name].is_number() ? features[name].get<double>()
                                                                 : 0.0;
  };
  const QLocale c = QLocale::c();
  if (evidence.value("status", "ok") != "ok")
    figures_->setText(
        tr("<span style='color:#b71c1c'><b>The credential evidence is %1:</b> %2</span>")
            .arg(QString::fromStdString(evidence.value("status", "")),
                 QString::fromStdString(evidence.value("error", "")).toHtmlEscaped()));
  else
    figures_->setText(tr("business age <b>%1 months</b> · licence in force: <b>%2</b> · fixed "
                         "costs <b>%3 CNY</b>/month · "
                         "documented revenue <b>%4 CNY</b>/month · failed checks <b>%5</b> · to "
                         "re-shoot <b>%6</b>")
                          .arg(number("business_age_months"))
                          .arg(number("licence_in_force") > 0 ? tr("yes") : tr("no"))
                          .arg(c.toString(number("monthly_fixed_costs_cny"), 'f', 0))
                          .arg(c.toString(number("documented_monthly_revenue_cny"), 'f', 0))
                          .arg(number("failed_checks"))
                          .arg(number("unreadable_documents")));
  for (const auto& artifact : evidence.value("artifacts", nlohmann::json::array())) {
    const std::string name = artifact.value("name", "");
    const auto data = artifact.value("data", nlohmann::json());
    if (name.rfind("reading:", 0) == 0 ||
        (data.is_object() && data.contains("fields") && data.contains("kind"))) {
      readings_.push_back(data);
      const bool reshoot = data.contains("reshoot") && data["reshoot"].is_string();
      int failed = 0;
      for (const auto& check : data.value("checks", nlohmann::json::array()))
        failed += check.value("passed", true) || check.value("unverified", false) ? 0 : 1;
      auto* item = new QListWidgetItem(QString("%1 — %2 (%3 %)%4")
                                           .arg(text(data.value("file", nlohmann::json(name))),
                                                text(data.value("kind", nlohmann::json("unknown"))))
                                           .arg(data.value("confidence", 0.0) * 100, 0, 'f', 0)
                                           .arg(reshoot      ? tr(" · re-shoot")
                                                : failed > 0 ? tr(" · %1 failed").arg(failed)
                                                             : QString()));
      if (reshoot || failed > 0) item->setForeground(QColor(198, 40, 40));
      documents_->addItem(item);
    } else if (name == "cross_document_checks") {
      addChecks(crossChecks_,
                data.is_array() ? data : data.value("checks", nlohmann::json::array()));
    } else if (name == "interview_transcript") {
      const auto turns = data.is_array() ? data : data.value("turns", nlohmann::json::array());
      for (const auto& turn : turns)
        addRow(transcript_, {text(turn.value("speaker", nlohmann::json(""))),
                             text(turn.value("text", nlohmann::json("")))});
    }
  }
  if (crossChecks_->rowCount() == 0)
    addRow(crossChecks_,
           {tr("(none recorded)"), QString(), tr("the source published no cross-document checks")});
  if (transcript_->rowCount() == 0)
    addRow(transcript_, {tr("(none)"), tr("no interview was recorded for this case")});
  for (auto* table : {crossChecks_, transcript_}) {
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
  }
  if (documents_->count() > 0) {
    documents_->setCurrentRow(0);
    showDocument(0);  // the list may already have made row 0 current while filling
  }
}

void CredentialsTab::showDocument(int row) {
  fields_->setRowCount(0);
  checks_->setRowCount(0);
  reshoot_->clear();
  photo_->clear();
  if (row < 0 || row >= static_cast<int>(readings_.size())) return;
  const nlohmann::json& reading = readings_[static_cast<std::size_t>(row)];
  const std::string file = reading.value("file", "");
  for (const auto& artifact : evidence_.value("artifacts", nlohmann::json::array()))
    if (artifact.value("kind", "") == "image" && artifact.value("name", "") == "document:" + file) {
      photo_->setImageData(ArtifactView::bytesOf(artifact));
      break;
    }
  QPolygonF page;
  for (const auto& corner : reading.value("page", nlohmann::json::array()))
    if (corner.is_array() && corner.size() == 2)
      page << QPointF(corner[0].get<double>(), corner[1].get<double>());
  photo_->setPage(page);
  std::vector<AnnotatedImageView::Box> boxes;
  const nlohmann::json fields = reading.value("fields", nlohmann::json::object());
  for (const auto& [name, field] : fields.items()) {
    const double confidence = field.value("confidence", 0.0);
    addRow(fields_,
           {QString::fromStdString(name), text(field.value("value", nlohmann::json())),
            QString::number(confidence * 100, 'f', 0) + " %"},
           confidence < 0.6 ? QColor(198, 40, 40) : QColor());
    const auto box = field.value("box", nlohmann::json::array());
    if (box.is_array() && box.size() == 4)
      boxes.push_back({QRectF(box[0].get<double>(), box[1].get<double>(), box[2].get<double>(),
                              box[3].get<double>()),
                       QString::fromStdString(name), QColor(21, 101, 192)});
  }
  photo_->setBoxes(std::move(boxes));
  addChecks(checks_, reading.value("checks", nlohmann::json::array()));
  if (reading.contains("reshoot") && reading["reshoot"].is_string())
    reshoot_->setText(
        tr("<b style='color:#c62828'>Re-shoot requested:</b> %1")
            .arg(QString::fromStdString(reading["reshoot"].get<std::string>()).toHtmlEscaped()));
  else
    reshoot_->setText(tr("Photo quality is good enough to read: no re-shoot needed."));
  for (auto* table : {fields_, checks_}) {
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
  }
}

}  // namespace aviary::gui

AVIARY_DECLARE_SOURCE_VIEW(aviary::gui::CredentialsTab)
