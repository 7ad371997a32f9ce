#pragma once

#include <QChartView>
#include <nlohmann/json_fwd.hpp>

#include "SourceViewAbi.h"

namespace aviary::gui {

// Charts of the series evidence sources publish. Every chart has titled axes.
class AVIARY_WORKBENCH_EXPORT TimeSeriesChart : public QChartView {
  Q_OBJECT
 public:
  explicit TimeSeriesChart(QWidget* parent = nullptr);

  // Satellite index series: {dates, ndvi, normal, cloudy, hazards:[{type,start,end}]}.
  static TimeSeriesChart* ndvi(const nlohmann::json& data, const QString& title);
  // Monthly values: {unit, months, values}.
  static TimeSeriesChart* monthly(const nlohmann::json& data, const QString& title);
  // Bars of named values, e.g. each source's contribution to a decision.
  static TimeSeriesChart* bars(const std::vector<std::pair<QString, double>>& values,
                               const QString& title, const QString& valueAxisTitle,
                               const QString& categoryAxisTitle);
  // Any other series: an x array (dates, months, x, t) and one line per numeric array.
  static TimeSeriesChart* generic(const nlohmann::json& data, const QString& title);

  // Names of the plotted series, for tests and the legend.
  QStringList seriesNames() const;
  int pointCount(const QString& seriesName) const;
};

}  // namespace aviary::gui
