#pragma once

#include <nlohmann/json_fwd.hpp>

#include "SourceView.h"

class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace aviary::gui {

class EvidenceSummaryView;
class SupplyChainGraphView;
class TimeSeriesChart;

// The supply-chain source's view of a dealer: its trade neighbourhood as a layered graph,
// its monthly purchases, any rings, shells or other flags with their members and
// transactions, and what its standing rests on.
class SupplyChainTab : public SourceView {
  Q_OBJECT
 public:
  explicit SupplyChainTab(QWidget* parent = nullptr);

  QString title() const override { return tr("Su&pply chain"); }
  void showEvidence(
      const nlohmann::json& evidence) override;  // a null json: no supply-chain evidence

  QLabel* figures() const { return figures_; }
  SupplyChainGraphView* graph() const { return graph_; }
  TimeSeriesChart* purchases() const { return purchases_; }
  QTableWidget* flags() const { return flags_; }
  QTableWidget* standing() const { return standing_; }

 private:
  bool showFindingsTable(const nlohmann::json& evidence);
  void showFindingFacts(const nlohmann::json& evidence);

  QLabel* figures_;
  QVBoxLayout* graphLayout_;
  QVBoxLayout* chartLayout_;
  SupplyChainGraphView* graph_ = nullptr;
  TimeSeriesChart* purchases_ = nullptr;
  QTableWidget* flags_;
  QTableWidget* standing_;
  EvidenceSummaryView* summary_;
};

}  // namespace aviary::gui
