#include "PortfolioView.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include "ReferenceDistribution.h"

namespace aviary::gui {
namespace {

using credit::ReferenceDistribution;

constexpr int kDriftFeatures = 14;  // the most shifted inputs; the rest are in `aviary monitor`

QChart* titledChart(const QString& title) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  QFont font = chart->titleFont();
  font.setBold(true);
  chart->setTitleFont(font);
  return chart;
}

QChartView* chartView() {
  auto* view = new QChartView;
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumSize(420, 280);
  view->setChart(titledChart(""));
  return view;
}

QChart* emptyChart(const QString& title, const QString& message) {
  QChart* chart = titledChart(title + "\n" + message);
  chart->legend()->hide();
  return chart;
}

// A vertical line at `x` across `categories` rows of a horizontal bar chart.
QLineSeries* threshold(double x, int categories, const QString& name, const QColor& color) {
  auto* line = new QLineSeries;
  line->setName(name);
  line->append(x, -0.5);
  line->append(x, categories - 0.5);
  QPen pen(color);
  pen.setStyle(Qt::DashLine);
  pen.setWidthF(1.5);
  line->setPen(pen);
  return line;
}

QString percent(double share) {
  return QString::number(share * 100, 'f', 1) + "%";
}

}  // namespace

PortfolioView::PortfolioView(QWidget* parent) : QWidget(parent) {
  setObjectName("portfolioView");
  setWindowTitle(tr("Aviary portfolio"));
  notes_ = new QLabel(tr("Loading the book…"));
  notes_->setObjectName("portfolioNotes");
  notes_->setWordWrap(true);
  drift_ = chartView();
  rates_ = chartView();
  backtest_ = chartView();
  experiment_ = chartView();
  auto* grid = new QGridLayout;
  grid->addWidget(drift_, 0, 0);
  grid->addWidget(rates_, 0, 1);
  grid->addWidget(backtest_, 1, 0);
  grid->addWidget(experiment_, 1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(notes_);
  layout->addLayout(grid, 1);
  connect(&watcher_, &QFutureWatcher<BackgroundResult<PortfolioSnapshot>>::finished, this, [this] {
    const auto result = watcher_.result();
    if (!result.value) {
      notes_->setText(tr("The book could not be read: %1").arg(result.error));
      emit loadFailed(result.error);
      return;
    }
    display(*result.value);
    emit loaded();
  });
  resize(1400, 900);
}

PortfolioView::~PortfolioView() {
  watcher_.waitForFinished();
}

void PortfolioView::reload(const std::string& connectionString) {
  notes_->setText(tr("Loading the book…"));
  watcher_.setFuture(QtConcurrent::run([connectionString] {
    return BackgroundResult<PortfolioSnapshot>::run(
        [&] { return PortfolioSnapshot::load(connectionString); });
  }));
}

void PortfolioView::display(const PortfolioSnapshot& snapshot) {
  QStringList lines;
  lines << tr("<b>%1 automatic decisions</b>, model %2")
               .arg(snapshot.monitor.value("decisions", 0))
               .arg(QString::fromStdString(
                   snapshot.monitor["model"].value("sha256", std::string()).substr(0, 12)));
  for (const auto& note : snapshot.monitor.value("notes", nlohmann::json::array()))
    lines << "• " + QString::fromStdString(note.get<std::string>()).toHtmlEscaped();
  notes_->setText(lines.join("<br>"));
  showDrift(snapshot.monitor);
  showRates(snapshot.monitor);
  showBacktest(snapshot.backtest);
  showExperiment(snapshot.experiment);
}

void PortfolioView::showDrift(const nlohmann::json& monitor) {
  const QString title = tr("Drift of the model's inputs (population stability index)");
  const auto& features = monitor.value("features", nlohmann::json::array());
  if (features.empty()) {
    drift_->setChart(emptyChart(title, tr("not enough decisions to measure drift yet")));
    return;
  }
  QChart* chart = titledChart(title);
  auto* stable = new QBarSet(tr("stable"));
  auto* shift = new QBarSet(tr("shift ≥ 0.10"));
  auto* major = new QBarSet(tr("major shift ≥ 0.25"));
  stable->setColor(QColor(56, 142, 60));
  shift->setColor(QColor(245, 166, 35));
  major->setColor(QColor(211, 47, 47));
  QStringList names;
  double largest = ReferenceDistribution::kMajorShift * 1.2;
  std::vector<std::pair<QString, double>> shown;
  if (!monitor["score"].is_null()) shown.emplace_back(tr("score (PD)"), monitor["score"]["psi"]);
  for (const auto& feature : features) {
    if (static_cast<int>(shown.size()) >= kDriftFeatures) break;
    shown.emplace_back(QString::fromStdString(feature["name"].get<std::string>()),
                       feature["psi"].get<double>());
  }
  // Bottom to top, so the most shifted input is at the top.
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
    const double psi = it->second;
    names << it->first;
    *stable << (psi < ReferenceDistribution::kShift ? psi : 0);
    *shift << (psi >= ReferenceDistribution::kShift && psi < ReferenceDistribution::kMajorShift
                   ? psi
                   : 0);
    *major << (psi >= ReferenceDistribution::kMajorShift ? psi : 0);
    largest = std::max(largest, psi * 1.1);
  }
  auto* bars = new QHorizontalStackedBarSeries;
  bars->append(stable);
  bars->append(shift);
  bars->append(major);
  chart->addSeries(bars);
  auto* shiftLine = threshold(ReferenceDistribution::kShift, static_cast<int>(names.size()),
                              tr("0.10"), QColor(245, 166, 35));
  auto* majorLine = threshold(ReferenceDistribution::kMajorShift, static_cast<int>(names.size()),
                              tr("0.25"), QColor(211, 47, 47));
  chart->addSeries(shiftLine);
  chart->addSeries(majorLine);
  auto* categories = new QBarCategoryAxis;
  categories->append(names);
  auto* values = new QValueAxis;
  values->setRange(0, largest);
  values->applyNiceNumbers();
  values->setTitleText(tr("PSI against the model's training data"));
  values->setLabelFormat("%.2f");
  chart->addAxis(categories, Qt::AlignLeft);
  chart->addAxis(values, Qt::AlignBottom);
  for (QAbstractSeries* series : chart->series()) {
    series->attachAxis(categories);
    series->attachAxis(values);
  }
  for (auto* marker : chart->legend()->markers(shiftLine)) marker->setVisible(false);
  for (auto* marker : chart->legend()->markers(majorLine)) marker->setVisible(false);
  drift_->setChart(chart);
}

void PortfolioView::showRates(const nlohmann::json& monitor) {
  const QString title = tr("Automatic decisions per week");
  const auto& weeks = monitor.value("weeks", nlohmann::json::array());
  if (weeks.empty()) {
    rates_->setChart(emptyChart(title, tr("no decisions yet")));
    return;
  }
  QChart* chart = titledChart(title);
  const std::pair<const char*, QColor> kinds[] = {{"approve_rate", QColor(56, 142, 60)},
                                                  {"decline_rate", QColor(211, 47, 47)},
                                                  {"refer_rate", QColor(245, 166, 35)},
                                                  {"override_rate", QColor(81, 45, 168)}};
  QStringList labels;
  for (const auto& week : weeks) labels << QString::fromStdString(week["week"].get<std::string>());
  for (const auto& [key, color] : kinds) {
    auto* line = new QLineSeries;
    line->setName(QString(key).replace("_rate", ""));
    line->setColor(color);
    line->setPointsVisible(true);
    line->setMarkerSize(9);
    QPen pen(color);
    pen.setWidthF(2.5);
    line->setPen(pen);
    for (std::size_t i = 0; i < weeks.size(); ++i)
      line->append(static_cast<double>(i), weeks[i][key].get<double>() * 100);
    chart->addSeries(line);
  }
  auto* x = new QBarCategoryAxis;
  x->append(labels);
  x->setTitleText(tr("week"));
  auto* y = new QValueAxis;
  y->setRange(0, 100);
  y->setTitleText(tr("% of the week's automatic decisions"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries* series : chart->series()) {
    series->attachAxis(x);
    series->attachAxis(y);
  }
  rates_->setChart(chart);
}

void PortfolioView::showBacktest(const nlohmann::json& backtest) {
  const QString title = tr("Last back-test: outcomes that change");
  if (backtest.is_null()) {
    backtest_->setChart(emptyChart(title, tr("none run yet: aviary policy backtest --rules FILE")));
    return;
  }
  QChart* chart = titledChart(
      tr("Last back-test: rule set %1, %2 of %3 cases change")
          .arg(QString::fromStdString(backtest["candidate"].value("version", std::string())))
          .arg(backtest.value("changed", 0))
          .arg(backtest.value("cases", 0)));
  auto* set = new QBarSet(tr("cases"));
  set->setColor(QColor(25, 118, 210));
  double most = 1;
  QStringList labels;
  const nlohmann::json transitions = backtest.value("transitions", nlohmann::json::object());
  for (const auto& [transition, count] : transitions.items()) {
    labels << QString::fromStdString(transition).replace("->", " → ");
    *set << count.get<double>();
    most = std::max(most, count.get<double>());
  }
  if (labels.isEmpty()) {
    backtest_->setChart(emptyChart(chart->title(), tr("no outcome changes")));
    delete chart;
    return;
  }
  auto* series = new QBarSeries;
  series->append(set);
  series->setLabelsVisible(true);
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(labels);
  x->setTitleText(tr("actual → candidate"));
  auto* y = new QValueAxis;
  y->setTitleText(tr("cases"));
  y->setRange(0, most * 1.15);
  y->applyNiceNumbers();
  y->setLabelFormat("%d");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  chart->legend()->hide();
  backtest_->setChart(chart);
}

void PortfolioView::showExperiment(const nlohmann::json& experiment) {
  const QString title = tr("Champion and challenger");
  if (experiment.is_null() || experiment["arms"].empty()) {
    experiment_->setChart(emptyChart(
        title, experiment.is_null() ? tr("no experiment: aviary experiment start --challenger V")
                                    : tr("no case has reached it yet")));
    return;
  }
  const auto& info = experiment["experiment"];
  QChart* chart =
      titledChart(tr("Experiment %1 (%2): challenger rule set %3 on %4 of new cases")
                      .arg(info.value("experiment_id", 0))
                      .arg(info.value("running", false) ? tr("running") : tr("stopped"))
                      .arg(QString::fromStdString(info.value("challenger_rules", std::string())))
                      .arg(percent(info.value("share", 0.0))));
  auto* series = new QBarSeries;
  double highest = 10;
  const QStringList measures{tr("approve"), tr("decline"), tr("refer"), tr("mean PD"),
                             tr("bad rate")};
  for (const auto& [arm, figures] : experiment["arms"].items()) {
    auto* set =
        new QBarSet(QString::fromStdString(arm) + tr(" (%1 cases)").arg(figures.value("cases", 0)));
    *set << figures["approve_rate"].get<double>() * 100
         << figures["decline_rate"].get<double>() * 100 << figures["refer_rate"].get<double>() * 100
         << figures["mean_pd"].get<double>() * 100
         << (figures["bad_rate"].is_null() ? 0.0 : figures["bad_rate"].get<double>() * 100);
    set->setColor(arm == "challenger" ? QColor(81, 45, 168) : QColor(96, 125, 139));
    for (int i = 0; i < set->count(); ++i) highest = std::max(highest, set->at(i));
    series->append(set);
  }
  chart->addSeries(series);
  auto* x = new QBarCategoryAxis;
  x->append(measures);
  auto* y = new QValueAxis;
  y->setTitleText(tr("% of the arm's decided cases"));
  y->setRange(0, highest * 1.15);
  y->applyNiceNumbers();
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  series->attachAxis(x);
  series->attachAxis(y);
  experiment_->setChart(chart);
}

}  // namespace aviary::gui
