#include "TimeSeriesChart.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace aviary::gui {
namespace {

QDateTime dateOf(const nlohmann::json& text) {
  QDate date =
      QDate::fromString(QString::fromStdString(text.get<std::string>()).left(10), Qt::ISODate);
  return QDateTime(date, QTime(12, 0), Qt::UTC);
}

QChart* newChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  QFont font = chart->titleFont();
  font.setPointSizeF(font.pointSizeF() * 1.1);
  font.setBold(true);
  chart->setTitleFont(font);
  return chart;
}

QValueAxis* valueAxis(const QString& title) {
  auto* axis = new QValueAxis;
  axis->setTitleText(title);
  axis->setLabelFormat("%.3g");
  return axis;
}

// Looks left out of the series, one marker per reason: a snowy winter or a hazy spell is not
// the same worry as a cloudy one.
QScatterSeries* rejectedSeries(const std::string& reason) {
  struct Look {
    QScatterSeries::MarkerShape shape;
    QColor fill, border;
  };
  static const std::map<std::string, Look> looks = {
      {"cloudy",
       {QScatterSeries::MarkerShapeRectangle, QColor(150, 150, 150), QColor(110, 110, 110)}},
      {"snow", {QScatterSeries::MarkerShapeCircle, QColor(225, 240, 255), QColor(40, 100, 190)}},
      {"haze",
       {QScatterSeries::MarkerShapeRotatedRectangle, QColor(185, 185, 185), QColor(80, 80, 80)}},
      {"outlier", {QScatterSeries::MarkerShapeTriangle, QColor(239, 108, 0), QColor(170, 70, 0)}}};
  const auto found = looks.find(reason);
  const Look look = found != looks.end() ? found->second : looks.at("cloudy");
  auto* series = new QScatterSeries;
  series->setName(QString::fromStdString(reason));  // short: the legend is one line
  series->setMarkerShape(look.shape);
  series->setMarkerSize(7);
  series->setColor(look.fill);
  series->setBorderColor(look.border);
  return series;
}

}  // namespace

TimeSeriesChart::TimeSeriesChart(QWidget* parent) : QChartView(parent) {
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(260);
}

TimeSeriesChart* TimeSeriesChart::ndvi(const nlohmann::json& data, const QString& title) {
  auto* view = new TimeSeriesChart;
  QChart* chart = newChart(title);
  auto* clear = new QLineSeries;
  clear->setName("NDVI (clear)");
  clear->setPointsVisible(true);
  auto* normal = new QLineSeries;
  normal->setName("normal curve");
  QPen dashed(QColor(46, 125, 50));
  dashed.setStyle(Qt::DashLine);
  dashed.setWidthF(2);
  normal->setPen(dashed);
  const auto& dates = data.value("dates", nlohmann::json::array());
  const auto& ndvi = data.value("ndvi", nlohmann::json::array());
  const auto& normals = data.value("normal", nlohmann::json::array());
  const auto& cloudFlags = data.value("cloudy", nlohmann::json::array());
  // Why each look was left out (`rejected`); older series only say `cloudy`.
  const auto& reasons = data.value("rejected", nlohmann::json::array());
  std::map<std::string, QScatterSeries*> rejected;
  double low = 0, high = 1;
  QDateTime first, last;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    const QDateTime when = dateOf(dates[i]);
    if (!first.isValid()) first = when;
    last = when;
    const double x = static_cast<double>(when.toMSecsSinceEpoch());
    if (i < normals.size() && normals[i].is_number()) normal->append(x, normals[i].get<double>());
    if (i >= ndvi.size() || !ndvi[i].is_number()) continue;
    const double y = ndvi[i].get<double>();
    low = std::min(low, y);
    high = std::max(high, y);
    std::string reason;
    if (i < reasons.size() && reasons[i].is_string())
      reason = reasons[i].get<std::string>();
    else if (i < cloudFlags.size() && cloudFlags[i].is_boolean() && cloudFlags[i].get<bool>())
      reason = "cloudy";
    if (reason.empty()) {
      clear->append(x, y);
      continue;
    }
    auto& series = rejected[reason];
    if (!series) series = rejectedSeries(reason);
    series->append(x, y);
  }
  std::vector<QAbstractSeries*> all = {normal, clear};
  // Cloudy looks are named even when there are none: the legend then says none was left out.
  if (!rejected.count("cloudy")) rejected["cloudy"] = rejectedSeries("cloudy");
  for (const auto& [reason, series] : rejected) all.push_back(series);
  // Hazards as shaded bands across the plot, named in the legend.
  static const std::map<std::string, QColor> hazardColours = {{"flood", QColor(30, 136, 229, 60)},
                                                              {"drought", QColor(255, 143, 0, 70)},
                                                              {"pest", QColor(216, 27, 96, 60)}};
  for (const auto& hazard : data.value("hazards", nlohmann::json::array())) {
    auto* upper = new QLineSeries;
    auto* lower = new QLineSeries;
    const double start = static_cast<double>(dateOf(hazard.at("start")).toMSecsSinceEpoch());
    const double end = static_cast<double>(dateOf(hazard.at("end")).addDays(1).toMSecsSinceEpoch());
    upper->append(start, high);
    upper->append(end, high);
    lower->append(start, low);
    lower->append(end, low);
    auto* band = new QAreaSeries(upper, lower);
    const std::string type = hazard.value("type", "hazard");
    // Short names (month-day): the legend has room for four entries side by side.
    const std::string from = hazard.value("start", ""), to = hazard.value("end", "");
    band->setName(QString::fromStdString(type + " " +
                                         from.substr(std::min<std::size_t>(5, from.size())) +
                                         " – " + to.substr(std::min<std::size_t>(5, to.size()))));
    const auto colour =
        hazardColours.count(type) ? hazardColours.at(type) : QColor(120, 120, 120, 60);
    band->setBrush(colour);
    band->setPen(QPen(colour.darker(150), 1));
    all.insert(all.begin(), band);
  }
  auto* x = new QDateTimeAxis;
  x->setTitleText("Observation date");
  x->setFormat("MMM yyyy");
  x->setTickCount(7);
  if (first.isValid()) x->setRange(first.addDays(-3), last.addDays(3));
  auto* y = valueAxis("NDVI (−1 … 1)");
  y->setRange(low, high);
  y->setTickCount(low < 0 ? 11 : 6);  // steps of 0.2
  y->setLabelFormat("%.1f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (auto* series : all) {
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
  }
  view->setChart(chart);
  return view;
}

TimeSeriesChart* TimeSeriesChart::monthly(const nlohmann::json& data, const QString& title) {
  auto* view = new TimeSeriesChart;
  QChart* chart = newChart(title);
  auto* set = new QBarSet(
      QString::fromStdString("purchases (" + data.value("unit", std::string("value")) + ")"));
  set->setColor(QColor(25, 118, 210));
  QStringList categories;
  double high = 0;
  const auto& months = data.value("months", nlohmann::json::array());
  const auto& values = data.value("values", nlohmann::json::array());
  for (std::size_t i = 0; i < months.size() && i < values.size(); ++i) {
    const QString month = QString::fromStdString(months[i].get<std::string>());
    categories << month.right(5);  // "26-03"
    const double v = values[i].is_number() ? values[i].get<double>() : 0.0;
    high = std::max(high, v);
    *set << v;
  }
  auto* series = new QBarSeries;
  series->setName("monthly purchases");
  series->append(set);
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText("Month (yy-mm)");
  x->setLabelsAngle(-90);  // twelve labels never fit side by side in a half-width pane
  auto* y = valueAxis(
      QString::fromStdString("Purchases (" + data.value("unit", std::string("value")) + ")"));
  y->setRange(0, high > 0 ? high * 1.1 : 1);
  y->setLabelFormat("%.0f");
  y->applyNiceNumbers();
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->hide();
  view->setChart(chart);
  return view;
}

TimeSeriesChart* TimeSeriesChart::bars(const std::vector<std::pair<QString, double>>& values,
                                       const QString& title, const QString& valueAxisTitle,
                                       const QString& categoryAxisTitle) {
  auto* view = new TimeSeriesChart;
  QChart* chart = newChart(title);
  auto* raises = new QBarSet("raises the risk");
  auto* lowers = new QBarSet("lowers the risk");
  raises->setColor(QColor(211, 47, 47));
  lowers->setColor(QColor(56, 142, 60));
  QStringList categories;
  double extent = 0.05;
  for (const auto& [name, value] : values) {
    categories << name;
    *raises << (value > 0 ? value : 0);
    *lowers << (value < 0 ? value : 0);
    extent = std::max(extent, std::abs(value));
  }
  auto* series = new QHorizontalBarSeries;
  series->setName("contribution");
  series->append(raises);
  series->append(lowers);
  series->setBarWidth(0.8);
  chart->addSeries(series);
  auto* y = new QBarCategoryAxis;
  y->append(categories);
  y->setTitleText(categoryAxisTitle);
  auto* x = valueAxis(valueAxisTitle);
  x->setRange(-extent * 1.15, extent * 1.15);
  x->setLabelFormat("%.2f");
  chart->addAxis(y, Qt::AlignLeft);
  chart->addAxis(x, Qt::AlignBottom);
  series->attachAxis(x);
  series->attachAxis(y);
  view->setChart(chart);
  return view;
}

TimeSeriesChart* TimeSeriesChart::generic(const nlohmann::json& data, const QString& title) {
  if (data.contains("months") && data.contains("values")) return monthly(data, title);
  if (data.contains("dates") && data.contains("ndvi")) return ndvi(data, title);
  auto* view = new TimeSeriesChart;
  QChart* chart = newChart(title);
  nlohmann::json xs;
  std::string xName = "index";
  for (const char* key : {"dates", "months", "x", "t", "time"})
    if (data.contains(key) && data.at(key).is_array()) {
      xs = data.at(key);
      xName = key;
      break;
    }
  const bool dated = !xs.empty() && xs[0].is_string();
  QAbstractAxis* x = nullptr;
  if (dated) {
    auto* axis = new QDateTimeAxis;
    axis->setFormat("yyyy-MM-dd");
    x = axis;
  } else {
    x = valueAxis(QString());
  }
  x->setTitleText(QString::fromStdString(xName));
  auto* y = valueAxis(QString::fromStdString(data.value("unit", std::string("value"))));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double low = 0, high = 0;
  bool any = false;
  for (const auto& [key, values] : data.items()) {
    if (key == xName || !values.is_array() || values.empty() || !values[0].is_number()) continue;
    auto* series = new QLineSeries;
    series->setName(QString::fromStdString(key));
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i].is_number()) continue;
      double px = static_cast<double>(i);
      if (i < xs.size())
        px = dated               ? static_cast<double>(dateOf(xs[i]).toMSecsSinceEpoch())
             : xs[i].is_number() ? xs[i].get<double>()
                                 : px;
      const double py = values[i].get<double>();
      low = any ? std::min(low, py) : py;
      high = any ? std::max(high, py) : py;
      any = true;
      series->append(px, py);
    }
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
  }
  if (any) y->setRange(low, high > low ? high : low + 1);
  view->setChart(chart);
  return view;
}

QStringList TimeSeriesChart::seriesNames() const {
  QStringList names;
  for (auto* series : chart()->series()) names << series->name();
  return names;
}

int TimeSeriesChart::pointCount(const QString& seriesName) const {
  for (auto* series : chart()->series()) {
    if (series->name() != seriesName) continue;
    if (auto* xy = qobject_cast<QXYSeries*>(series)) return static_cast<int>(xy->count());
    if (auto* bars = qobject_cast<QAbstractBarSeries*>(series))
      return bars->barSets().isEmpty() ? 0 : static_cast<int>(bars->barSets().front()->count());
  }
  return -1;
}

}  // namespace aviary::gui
