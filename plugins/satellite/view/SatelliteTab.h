#pragma once

#include <nlohmann/json.hpp>

#include "SourceView.h"

class QLabel;
class QTableWidget;
class QHBoxLayout;

namespace aviary::gui {

class EvidenceSummaryView;

// The satellite source's view of a farmer, read from its "parcels" table
// (docs/artifacts.md, aviary.satellite.parcels/1), never from the facts' wording: key figures (area
// in mu, crop and confidence, declared versus observed, condition, expected value, hazards), one
// row per parcel, and for the chosen parcel its outlined quicklook and its NDVI series against the
// crop's normal curve.
class SatelliteTab : public SourceView {
  Q_OBJECT
 public:
  explicit SatelliteTab(QWidget* parent = nullptr);

  QString title() const override { return tr("&Satellite"); }
  void showEvidence(const nlohmann::json& evidence) override;  // a null json: no satellite evidence
  void showParcel(int row);

  QLabel* figures() const { return figures_; }
  QTableWidget* parcels() const { return parcels_; }
  QWidget* parcelView() const { return parcelView_; }
  EvidenceSummaryView* summary() const { return summary_; }

 private:
  void addParcelRow(int row, const QStringList& cells);

  nlohmann::json evidence_;
  QLabel* figures_;
  QTableWidget* parcels_;
  QWidget* parcelView_;
  QHBoxLayout* parcelLayout_;
  EvidenceSummaryView* summary_;
};

}  // namespace aviary::gui
