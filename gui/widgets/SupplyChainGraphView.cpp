#include "SupplyChainGraphView.h"

#include <QGraphicsEllipseItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLocale>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace aviary::gui {
namespace {

int roleRank(const QString& role) {
  static const QStringList order = {"brand",    "distributor", "wholesaler",
                                    "retailer", "consumer",    "other"};
  const int rank = static_cast<int>(order.indexOf(role));
  return rank < 0 ? static_cast<int>(order.size()) - 1 : rank;
}

struct Node {
  QString id, name, role, brand;
  int layer = 0;
  double x = 0, y = 0, order = 0;
};

constexpr double kLayerGap = 120, kNodeGap = 92, kRadius = 13, kMaxPerRow = 14;

}  // namespace

QColor SupplyChainGraphView::roleColour(const QString& role) {
  static const std::map<QString, QColor> colours = {
      {"brand", QColor(123, 31, 162)},     {"distributor", QColor(25, 118, 210)},
      {"wholesaler", QColor(0, 137, 123)}, {"retailer", QColor(245, 124, 0)},
      {"consumer", QColor(121, 85, 72)},   {"other", QColor(117, 117, 117)}};
  const auto it = colours.find(role);
  return it == colours.end() ? QColor(117, 117, 117) : it->second;
}

SupplyChainGraphView::SupplyChainGraphView(const nlohmann::json& graph, const QString& focusId,
                                           QWidget* parent)
    : QGraphicsView(parent) {
  auto* scene = new QGraphicsScene(this);
  setScene(scene);
  setRenderHint(QPainter::Antialiasing);
  setRenderHint(QPainter::TextAntialiasing);
  setDragMode(QGraphicsView::ScrollHandDrag);
  setMinimumSize(420, 320);
  setBackgroundBrush(QColor(252, 252, 252));

  std::map<QString, Node> nodes;
  for (const auto& n : graph.value("nodes", nlohmann::json::array())) {
    Node node;
    node.id = QString::fromStdString(n.value("id", ""));
    node.name = QString::fromStdString(n.value("name", ""));
    node.role = QString::fromStdString(n.value("role", "other"));
    node.brand = n.contains("brand") && n["brand"].is_string()
                     ? QString::fromStdString(n["brand"].get<std::string>())
                     : QString();
    // Layer: the tier below the brand when known, else the role's usual place.
    node.layer =
        n.contains("tier") && n["tier"].is_number() ? n["tier"].get<int>() : roleRank(node.role);
    if (node.role == "brand") node.layer = 0;
    nodes[node.id] = node;
  }
  struct Edge {
    QString from, to, type, txn;
    double amount = 0;
  };
  std::vector<Edge> edges;
  double maxAmount = 1;
  for (const auto& e : graph.value("edges", nlohmann::json::array())) {
    Edge edge{QString::fromStdString(e.value("from", "")),
              QString::fromStdString(e.value("to", "")),
              QString::fromStdString(e.value("type", "")),
              QString::fromStdString(e.value("txn_id", "")), e.value("amount_cny", 0.0)};
    if (!nodes.count(edge.from) || !nodes.count(edge.to)) continue;
    maxAmount = std::max(maxAmount, edge.amount);
    edges.push_back(edge);
  }
  nodeCount_ = static_cast<int>(nodes.size());
  edgeCount_ = static_cast<int>(edges.size());

  // Layers with too many members wrap onto extra rows so labels never overlap.
  std::map<int, std::vector<Node*>> layers;
  for (auto& [id, node] : nodes) layers[node.layer].push_back(&node);
  double y = 0;
  std::map<QString, double> placedX;
  for (auto& [layer, members] : layers) {
    for (Node* node : members) {
      double sum = 0;
      int count = 0;
      for (const auto& edge : edges) {
        const QString& other = edge.to == node->id     ? edge.from
                               : edge.from == node->id ? edge.to
                                                       : QString();
        if (!other.isEmpty() && placedX.count(other)) {
          sum += placedX[other];
          ++count;
        }
      }
      node->order = count > 0 ? sum / count : 1e9;
    }
    std::stable_sort(members.begin(), members.end(),
                     [](const Node* a, const Node* b) { return a->order < b->order; });
    const std::size_t perRow = static_cast<std::size_t>(kMaxPerRow);
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::size_t row = i / perRow;
      const std::size_t inRow = std::min(perRow, members.size() - row * perRow);
      const double width = static_cast<double>(inRow - 1) * kNodeGap;
      members[i]->x = -width / 2 + static_cast<double>(i % perRow) * kNodeGap +
                      (row % 2 == 1 ? kNodeGap / 2 : 0);
      members[i]->y = y + static_cast<double>(row) * kLayerGap * 0.6;
      placedX[members[i]->id] = members[i]->x;
    }
    y += kLayerGap * (1 + 0.6 * static_cast<double>((members.size() - 1) / perRow));
  }

  for (const auto& edge : edges) {
    const Node& a = nodes[edge.from];
    const Node& b = nodes[edge.to];
    const double width = 1 + 7 * std::sqrt(edge.amount / maxAmount);
    const bool suspicious = edge.type == "circular_trade" || edge.type == "shell_suspect";
    QPen pen(suspicious ? QColor(211, 47, 47, 220) : QColor(96, 125, 139, 150), width);
    if (suspicious) pen.setStyle(Qt::DashLine);
    pen.setCapStyle(Qt::RoundCap);
    QPainterPath path(QPointF(a.x, a.y));
    // Curved when both ends share a layer, so the line does not hide behind the nodes.
    const QPointF control = std::abs(a.y - b.y) < 1 ? QPointF((a.x + b.x) / 2, a.y - 50)
                                                    : QPointF((a.x + b.x) / 2, (a.y + b.y) / 2);
    path.quadTo(control, QPointF(b.x, b.y));
    auto* item = scene->addPath(path, pen);
    item->setToolTip(QString("%1 → %2: %3 CNY%4%5")
                         .arg(edge.from, edge.to, QLocale::c().toString(edge.amount, 'f', 0),
                              edge.type.isEmpty() ? QString() : " (" + edge.type + ")",
                              edge.txn.isEmpty() ? QString() : ", txn " + edge.txn));
    item->setZValue(suspicious ? 1 : 0);
    // Arrow head at the payee.
    const QPointF tip = QPointF(b.x, b.y) +
                        (control - QPointF(b.x, b.y)) *
                            (kRadius / std::max(1.0, QLineF(control, QPointF(b.x, b.y)).length()));
    const QLineF back(tip, control);
    QLineF left = back, right = back;
    left.setLength(9);
    right.setLength(9);
    left.setAngle(back.angle() + 25);
    right.setAngle(back.angle() - 25);
    QPolygonF head;
    head << tip << left.p2() << right.p2();
    auto* arrow = scene->addPolygon(head, QPen(pen.color(), 1), QBrush(pen.color()));
    arrow->setZValue(2);
  }

  QFont labelFont = font();
  labelFont.setPixelSize(15);  // the view scales the scene down to fit
  for (const auto& [id, node] : nodes) {
    const bool focus = id == focusId;
    const double r = focus ? kRadius * 1.4 : kRadius;
    auto* circle = scene->addEllipse(
        node.x - r, node.y - r, 2 * r, 2 * r,
        QPen(focus ? QColor(0, 0, 0) : roleColour(node.role).darker(140), focus ? 3 : 1.2),
        QBrush(roleColour(node.role)));
    circle->setZValue(3);
    circle->setToolTip(QString("%1 %2\nrole %3%4")
                           .arg(id, node.name, node.role,
                                node.brand.isEmpty() ? QString() : ", brand " + node.brand));
    auto* label = scene->addSimpleText(id, labelFont);
    const QRectF box = label->boundingRect();
    label->setPos(node.x - box.width() / 2, node.y + r + 2);
    label->setZValue(4);
    labels_ << id;
  }
  // Legend: which colour is which role, and what a red dashed edge means.
  double lx = scene->itemsBoundingRect().left(), ly = scene->itemsBoundingRect().top() - 40;
  for (const char* role : {"brand", "distributor", "wholesaler", "retailer", "consumer", "other"}) {
    scene->addEllipse(lx, ly, 12, 12, QPen(Qt::NoPen), QBrush(roleColour(role)));
    auto* text = scene->addSimpleText(role, labelFont);
    text->setPos(lx + 16, ly - 2);
    lx += 16 + text->boundingRect().width() + 14;
  }
  QPen red(QColor(211, 47, 47), 2, Qt::DashLine);
  scene->addLine(lx, ly + 6, lx + 24, ly + 6, red);
  scene->addSimpleText("ring / shell flow", labelFont)->setPos(lx + 28, ly - 2);
  scene->setSceneRect(scene->itemsBoundingRect().adjusted(-20, -20, 20, 20));
}

void SupplyChainGraphView::resizeEvent(QResizeEvent* event) {
  QGraphicsView::resizeEvent(event);
  fitInView(sceneRect(), Qt::KeepAspectRatio);
}

void SupplyChainGraphView::wheelEvent(QWheelEvent* event) {
  const double factor = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
  scale(factor, factor);
}

}  // namespace aviary::gui
