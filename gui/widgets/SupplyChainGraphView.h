#pragma once

#include <QGraphicsView>
#include <nlohmann/json_fwd.hpp>

#include "SourceViewAbi.h"

namespace aviary::gui {

// A trade network drawn in layers: brands at the top, then each tier below; roles by colour,
// edge width by money, suspicious flows (rings, shells) red and dashed. Nodes of one layer
// are ordered by their neighbours' positions above, which keeps crossings down.
// Reads {nodes:[{id,name,role,tier,brand}], edges:[{from,to,amount_cny,type,txn_id?}]}.
class AVIARY_WORKBENCH_EXPORT SupplyChainGraphView : public QGraphicsView {
  Q_OBJECT
 public:
  explicit SupplyChainGraphView(const nlohmann::json& graph, const QString& focusId = {},
                                QWidget* parent = nullptr);

  int nodeCount() const { return nodeCount_; }
  int edgeCount() const { return edgeCount_; }
  QStringList nodeLabels() const { return labels_; }
  static QColor roleColour(const QString& role);

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  int nodeCount_ = 0, edgeCount_ = 0;
  QStringList labels_;
};

}  // namespace aviary::gui
