#include "SatelliteTab.h"

#include "CompactTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "AnnotatedImageView.h"
#include "ArtifactView.h"
#include "EvidenceSummaryView.h"
#include "PanelLayout.h"
#include "TimeSeriesChart.h"

namespace aviary::gui {
namespace {

// What a hazard rests on when the batch, not the parcel against crops.csv alone, showed it
// (the `basis` values docs/artifacts.md gives): the underwriter weighs such a finding less.
QString basisNote(const std::string& basis) {
  if (basis.empty()) return {};
  if (basis == "peers") return QObject::tr(" (only against the region's own fields of the crop)");
  if (basis == "regional") return QObject::tr(" (a shortfall its neighbours share)");
  return " (" + QString::fromStdString(basis) + ")";
}

// Every row an object with the shape's keys of the right type (docs/artifacts.md), so that
// reading it cannot throw; otherwise the view shows the facts as written.
bool parcelTableIsWellFormed(const nlohmann::json& data) {
  const auto rows = data.find("rows");
  if (rows == data.end() || !rows->is_array()) return false;
  for (const auto& row : *rows) {
    if (!row.is_object()) return false;
    for (const char* key : {"parcel_id", "crop", "best_guess"})
      if (!row.contains(key) || !row[key].is_string()) return false;
    for (const char* key : {"confidence", "area_mu", "expected_value_cny"})
      if (!row.contains(key) || !row[key].is_number()) return false;
    if (!row.contains("hazards") || !row["hazards"].is_array()) return false;
    for (const auto& h : row["hazards"])
      if (!h.is_object() || !h.value("type", nlohmann::json()).is_string() ||
          !h.value("from", nlohmann::json()).is_string() ||
          !h.value("to", nlohmann::json()).is_string() ||
          !h.value("basis", nlohmann::json("")).is_string())
        return false;
  }
  return true;
}

void deleteItems(QLayout* layout) {
  while (QLayoutItem* item = layout->takeAt(0)) {
    delete item->widget();
    delete item;
  }
}

}  // namespace

SatelliteTab::SatelliteTab(QWidget* parent) : SourceView(parent) {
  figures_ = new QLabel;
  figures_->setObjectName("satelliteFigures");
  figures_->setWordWrap(true);
  figures_->setTextFormat(Qt::RichText);
  parcels_ = new CompactTable({tr("Parcel"), tr("Crop seen"), tr("Confidence"), tr("Area (mu)"),
                               tr("Condition"), tr("Expected value (CNY)"), tr("Hazards")},
                              6, 8);
  parcels_->setObjectName("parcels");
  parcels_->setSelectionBehavior(QAbstractItemView::SelectRows);
  parcels_->setSelectionMode(QAbstractItemView::SingleSelection);
  parcelView_ = new QWidget;
  parcelView_->setObjectName("parcelView");
  parcelLayout_ = new QHBoxLayout(parcelView_);
  parcelLayout_->setContentsMargins(0, 0, 0, 0);
  summary_ = new EvidenceSummaryView;

  // One column, scrolled: the parcels, then the chosen parcel's quicklook beside its series,
  // then the evidence summary; each gets the full width it needs.
  auto* content = new QWidget;
  auto* column = new QVBoxLayout(content);
  column->addWidget(figures_);
  column->addWidget(parcels_);
  column->addWidget(parcelView_);
  column->addWidget(summary_);
  column->addStretch(1);
  PanelLayout::fillScrolling(this, content);
  connect(parcels_, &QTableWidget::currentCellChanged, this, [this](int row) { showParcel(row); });
}

void SatelliteTab::showEvidence(const nlohmann::json& evidence) {
  evidence_ = evidence;
  parcels_->setRowCount(0);
  deleteItems(parcelLayout_);
  if (evidence.is_null()) {
    figures_->setText(tr(
        "No satellite evidence in this case: satellite imagery is read for farmers with parcels."));
    summary_->hide();
    return;
  }
  summary_->show();
  summary_->showEvidence(evidence);
  const QLocale c = QLocale::c();
  figures_->setText(
      tr("<b>%1 mu</b> in %2 parcels · crop confidence <b>%3 %</b> · declared crop matches <b>%4 "
         "%</b> of the "
         "declared area<br>condition score <b>%5</b> (0 poor … 1 exceptional) · expected value "
         "<b>%6 CNY</b> · "
         "expected yield %7 kg · hazards <b>%8</b> · fallow %9 %")
          .arg(c.toString(feature(evidence, "total_area_mu"), 'f', 1))
          .arg(feature(evidence, "parcels_assessed") + feature(evidence, "parcels_failed"))
          .arg(c.toString(feature(evidence, "crop_confidence") * 100, 'f', 0))
          .arg(c.toString(feature(evidence, "declared_match_ratio") * 100, 'f', 0))
          .arg(c.toString(feature(evidence, "condition_score"), 'f', 2))
          .arg(c.toString(feature(evidence, "expected_value_cny"), 'f', 0))
          .arg(c.toString(feature(evidence, "expected_yield_kg"), 'f', 0))
          .arg(feature(evidence, "hazard_count"))
          .arg(c.toString(feature(evidence, "fallow_share") * 100, 'f', 0)));
  // How surely the batch was read weighs every crop confidence above: it goes with them.
  for (const auto& fact : evidence.value("facts", nlohmann::json::array()))
    if (fact.is_object() && fact.value("name", "") == "calibration" &&
        fact.value("value", nlohmann::json()).is_string())
      figures_->setText(
          figures_->text() + "<br>" +
          tr("Crop confidence: %1")
              .arg(QString::fromStdString(fact["value"].get<std::string>()).toHtmlEscaped()));
  const auto* table = artifactNamed(evidence, "parcels");
  const nlohmann::json data =
      table != nullptr && table->contains("data") ? (*table)["data"] : nlohmann::json();
  int row = 0;
  if (data.is_object() && data.value("schema", "") == "aviary.satellite.parcels/1" &&
      parcelTableIsWellFormed(data)) {
    for (const auto& parcel : data.value("rows", nlohmann::json::array())) {
      QStringList hazards;
      for (const auto& h : parcel.value("hazards", nlohmann::json::array()))
        hazards << QString::fromStdString(h.value("type", "") + " " + h.value("from", "") + ".." +
                                          h.value("to", "")) +
                       basisNote(h.value("basis", ""));
      const auto unseen = parcel.value("unseen", nlohmann::json());
      if (unseen.is_object())
        hazards << tr("not seen %1..%2: a hazard then may be missing")
                       .arg(QString::fromStdString(unseen.value("from", "")),
                            QString::fromStdString(unseen.value("to", "")));
      const std::string crop = parcel.value("crop", "");
      QString cropText = crop == "uncertain"
                             ? tr("uncertain (best guess %1)")
                                   .arg(QString::fromStdString(parcel.value("best_guess", "")))
                             : QString::fromStdString(crop);
      const auto flags = parcel.value("flags", nlohmann::json::array());
      if (flags.is_array() && std::find(flags.begin(), flags.end(), "mixed_pixels") != flags.end())
        cropText += "\n" + tr("seen mostly through its neighbours' pixels");
      const auto condition = parcel.value("condition", nlohmann::json());
      addParcelRow(
          row++, {QString::fromStdString(parcel.value("parcel_id", "")), cropText,
                  QString::number(parcel.value("confidence", 0.0) * 100, 'f', 0) + " %",
                  c.toString(parcel.value("area_mu", 0.0), 'f', 2),
                  condition.is_string() ? QString::fromStdString(condition.get<std::string>())
                                        : tr("none (fallow)"),
                  c.toString(parcel.value("expected_value_cny", 0.0), 'f', 0), hazards.join("\n")});
    }
  } else {
    // Evidence stored before the table existed (or of a newer shape): the facts as written.
    for (const auto& fact : evidence.value("facts", nlohmann::json::array())) {
      if (fact.value("name", "") != "parcel") continue;
      const QString reference = QString::fromStdString(fact.value("reference", ""));
      addParcelRow(row++, {reference.startsWith("parcel:") ? reference.mid(7) : reference,
                           QString::fromStdString(fact.value("value", "")),
                           QString::number(fact.value("confidence", 0.0) * 100, 'f', 0) + " %", "",
                           "", "", ""});
    }
  }
  parcels_->resizeColumnsToContents();
  parcels_->resizeRowsToContents();
  if (row > 0) {
    parcels_->setCurrentCell(0, 0);
    showParcel(0);  // rows were inserted after the view already made (0, 0) current
  }
}

void SatelliteTab::addParcelRow(int row, const QStringList& cells) {
  parcels_->insertRow(row);
  for (int column = 0; column < cells.size(); ++column) {
    auto* item = new QTableWidgetItem(cells[column]);
    if (column == 2 || column == 3 || column == 5)
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    parcels_->setItem(row, column, item);
  }
}

void SatelliteTab::showParcel(int row) {
  deleteItems(parcelLayout_);
  if (row < 0 || row >= parcels_->rowCount() || parcels_->item(row, 0) == nullptr) return;
  const std::string id = parcels_->item(row, 0)->text().toStdString();
  if (const auto* image = artifactNamed(evidence_, "quicklook:" + id)) {
    auto* box = new QWidget;
    box->setMaximumWidth(420);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    auto* caption = new QLabel(QString::fromStdString(image->value("title", "")) +
                               tr(" — yellow: the parcel's outline; grey: outside the parcel"));
    caption->setWordWrap(true);
    boxLayout->addWidget(caption);
    auto* view = new AnnotatedImageView;
    view->setObjectName("quicklook");
    view->setMaximumDisplayWidth(400);
    view->setImageData(ArtifactView::bytesOf(*image));
    view->setOutlineOpaqueRegion(true);
    boxLayout->addWidget(view);
    boxLayout->addStretch(1);
    parcelLayout_->addWidget(box);
  } else {
    parcelLayout_->addWidget(new QLabel(tr("No clear scene of this parcel, so no quicklook.")));
  }
  if (const auto* series = artifactNamed(evidence_, "ndvi_series:" + id)) {
    auto* chart = TimeSeriesChart::ndvi(series->value("data", nlohmann::json::object()),
                                        QString::fromStdString(series->value("title", "")));
    chart->setObjectName("ndviChart");
    chart->setMinimumHeight(360);
    parcelLayout_->addWidget(chart, 1);
  }
}

}  // namespace aviary::gui

AVIARY_DECLARE_SOURCE_VIEW(aviary::gui::SatelliteTab)
