#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "BackgroundResult.h"
#include "PortfolioSnapshot.h"

class QChartView;
class QGridLayout;
class QLabel;

namespace aviary::gui {

// The risk team's view of the whole book, as charts: drift of every model input against
// the model's training data (PSI with the 0.10 and 0.25 thresholds), decision rates per
// week, the last back-test's outcome changes and the running experiment's arms.
class PortfolioView : public QWidget {
  Q_OBJECT
 public:
  explicit PortfolioView(QWidget* parent = nullptr);
  ~PortfolioView() override;

  // Reads the database on a worker thread; the view stays responsive.
  void reload(const std::string& connectionString);
  // Shows a snapshot (reload does when the data arrives).
  void display(const PortfolioSnapshot& snapshot);

  QChartView* driftChart() const { return drift_; }
  QChartView* ratesChart() const { return rates_; }
  QChartView* backtestChart() const { return backtest_; }
  QChartView* experimentChart() const { return experiment_; }
  QLabel* notes() const { return notes_; }

 signals:
  void loaded();
  void loadFailed(const QString& message);

 private:
  void showDrift(const nlohmann::json& monitor);
  void showRates(const nlohmann::json& monitor);
  void showBacktest(const nlohmann::json& backtest);
  void showExperiment(const nlohmann::json& experiment);

  QLabel* notes_;
  QChartView* drift_;
  QChartView* rates_;
  QChartView* backtest_;
  QChartView* experiment_;
  QFutureWatcher<BackgroundResult<PortfolioSnapshot>> watcher_;
};

}  // namespace aviary::gui
