#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "CreditModel.h"
#include "CreditModelTrainer.h"
#include "CsvTable.h"

using namespace aviary;
using namespace aviary::credit;
namespace fs = std::filesystem;

// Trains once on 80% of credit_data (a fixed stratified split) with a one-point grid so the
// suite stays fast; the other 20% is never seen in training or tuning.
class TestCreditModel : public QObject {
  Q_OBJECT

 private:
  std::optional<CsvTable> data_;
  std::optional<CsvTable> holdout_;
  std::optional<TrainingResult> trained_;
  fs::path scratch_;

  const CreditModel& model() const { return *trained_->model; }

  CreditRow rowOf(const CsvTable& table, std::size_t r) const {
    CreditRow row;
    for (std::size_t c = 0; c < table.header().size(); ++c)
      row[table.header()[c]] = table.row(r)[c];
    return row;
  }

  std::vector<int> holdoutLabels() const {
    std::vector<int> labels;
    const int status = holdout_->columnIndex("Status");
    for (std::size_t r = 0; r < holdout_->rowCount(); ++r)
      labels.push_back(holdout_->row(r)[static_cast<std::size_t>(status)] == "bad" ? 1 : 0);
    return labels;
  }

  std::vector<double> holdoutPd(const CreditModel& m) const {
    std::vector<CreditRow> rows;
    for (std::size_t r = 0; r < holdout_->rowCount(); ++r) rows.push_back(rowOf(*holdout_, r));
    return m.probabilitiesOfDefault(rows);
  }

  static void expectLoadError(const fs::path& path, const std::string& part) {
    try {
      CreditModel::load(path);
      QFAIL(("loading " + path.string() + " should fail").c_str());
    } catch (const CreditModelError& error) {
      QVERIFY2(std::string(error.what()).find(part) != std::string::npos, error.what());
    }
  }

  void writeFile(const fs::path& path, const std::string& text) const {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }

 private slots:
  void initTestCase() {
    scratch_ = fs::temp_directory_path() / ("aviary-credit-test-" + std::to_string(::getpid()));
    fs::create_directories(scratch_);
    data_ = CsvTable::read(fs::path(AVIARY_SOURCE_DIR) / "tests/data/credit/credit_data.csv");
    std::vector<std::size_t> usable;
    std::vector<CsvProblem> skipped;
    const CreditTarget target{"Status", "bad"};
    const auto labels = CreditModelTrainer::labelsOf(*data_, target, usable, skipped);
    const auto folds = CreditModelTrainer::stratifiedFolds(labels, usable, 5, 20261126);
    std::vector<std::size_t> trainRows;
    for (std::size_t k = 1; k < folds.size(); ++k)
      trainRows.insert(trainRows.end(), folds[k].begin(), folds[k].end());
    holdout_ = data_->subset(folds[0]);

    TrainerOptions options;
    options.target = target;
    options.folds = 3;
    options.innerFolds = 2;
    options.maxRounds = 400;
    options.earlyStoppingRounds = 30;
    options.grid = {{2, 0.1, 1, 0.8, 0.5, 5, 0}};
    options.threads = 1;
    trained_ = CreditModelTrainer(options).train(data_->subset(trainRows));
    QVERIFY(trained_->model.has_value());
  }

  void cleanupTestCase() { fs::remove_all(scratch_); }

  void crossValidationReportIsConsistent() {
    const auto& result = *trained_;
    QCOMPARE(result.folds.size(), std::size_t(3));
    double low = 1, high = 0;
    for (const auto& fold : result.folds) {
      low = std::min(low, fold.metrics.auc);
      high = std::max(high, fold.metrics.auc);
      QVERIFY(fold.chosen.rounds > 0);
      QCOMPARE(fold.metrics.gini, 2 * fold.metrics.auc - 1);
    }
    QVERIFY(result.aucMean >= low && result.aucMean <= high);
    QVERIFY(result.aucSd >= 0);
    QCOMPARE(result.reliability.bins().size(), std::size_t(10));
    QCOMPARE(result.report["cross_validation"]["folds"].get<int>(), 3);
  }

  void heldOutRowsAreRankedAndCalibrated() {
    const auto labels = holdoutLabels();
    const auto pd = holdoutPd(model());
    const auto metrics = BinaryMetrics::compute(labels, pd);
    qInfo("held-out AUC %.4f KS %.4f on %zu rows, calibration error %.4f", metrics.auc, metrics.ks,
          metrics.count, ReliabilityTable::compute(labels, pd, 10).expectedCalibrationError());
    // Floor: 0.843 measured on this split with this configuration; a broken encoder,
    // leakage fix or label flip falls far below it.
    QVERIFY2(metrics.auc >= 0.82, std::to_string(metrics.auc).c_str());
    double meanPd = 0;
    for (double p : pd) meanPd += p;
    meanPd /= static_cast<double>(pd.size());
    const double badRate = static_cast<double>(metrics.bad) / static_cast<double>(metrics.count);
    QVERIFY2(std::abs(meanPd - badRate) < 0.04,
             (std::to_string(meanPd) + " vs " + std::to_string(badRate)).c_str());
  }

  void saveLoadRoundTripIsBitIdentical() {
    const fs::path path = scratch_ / "model.json";
    model().save(path);
    const CreditModel loaded = CreditModel::load(path);
    QCOMPARE(loaded.sha256(), model().sha256());
    QCOMPARE(loaded.toJsonText(), model().toJsonText());
    QCOMPARE(loaded.featureColumns(), model().featureColumns());
    const auto before = holdoutPd(model());
    const auto after = holdoutPd(loaded);
    QCOMPARE(before.size(), after.size());
    QVERIFY(std::memcmp(before.data(), after.data(), before.size() * sizeof(double)) == 0);
    // One row at a time and in a batch give the same bits too.
    for (std::size_t r = 0; r < 50; ++r) {
      const double single = loaded.probabilityOfDefault(rowOf(*holdout_, r));
      QVERIFY(std::memcmp(&single, &before[r], sizeof single) == 0);
    }
  }

  void numbersAsDoublesScoreLikeTheirText() {
    for (std::size_t r = 0; r < 50; ++r) {
      CreditRow asText = rowOf(*holdout_, r), asNumbers = asText;
      for (const auto& column : model().encoder().columns()) {
        const auto& cell = std::get<std::string>(asText[column.name]);
        if (column.kind == ColumnKind::Numeric && !FeatureEncoder::isMissing(cell))
          asNumbers[column.name] = std::stod(cell);
      }
      QCOMPARE(model().probabilityOfDefault(asNumbers), model().probabilityOfDefault(asText));
    }
  }

  void contributionsSumToTheMargin() {
    for (std::size_t r = 0; r < 40; ++r) {
      const CreditRow row = rowOf(*holdout_, r);
      const ScoreExplanation explanation = model().contributions(row);
      double sum = explanation.bias;
      for (const auto& [column, value] : explanation.contributions) sum += value;
      QVERIFY2(std::abs(sum - explanation.margin) < 1e-4,
               (std::to_string(sum) + " vs " + std::to_string(explanation.margin)).c_str());
      QCOMPARE(explanation.margin, model().margin(row));
      QCOMPARE(explanation.probabilityOfDefault, model().probabilityOfDefault(row));
      QCOMPARE(explanation.contributions.size(), model().featureColumns().size());
      QVERIFY(explanation.contributions.count("Status") == 0);
    }
  }

  void unseenCategoriesAndMissingRowsScore() {
    CreditRow odd = rowOf(*holdout_, 0);
    odd["Home"] = std::string("houseboat");
    odd["Job"] = std::string("astronaut");
    odd["Marital"] = CreditValue{};
    odd["Unknown column"] = 3.0;
    const double pd = model().probabilityOfDefault(odd);
    QVERIFY(std::isfinite(pd) && pd > 0 && pd < 1);
    const double empty = model().probabilityOfDefault(CreditRow{});
    QVERIFY(std::isfinite(empty) && empty > 0 && empty < 1);
    const auto explanation = model().contributions(CreditRow{});
    double sum = explanation.bias;
    for (const auto& entry : explanation.contributions) sum += entry.second;
    QVERIFY(std::abs(sum - explanation.margin) < 1e-4);
  }

  void textInANumericColumnIsAClearError() {
    CreditRow row = rowOf(*holdout_, 0);
    row["Income"] = std::string("a lot");
    try {
      model().probabilityOfDefault(row);
      QFAIL("text income must be refused");
    } catch (const FeatureError& error) {
      QVERIFY(std::string(error.what()).find("Income") != std::string::npos);
    }
  }

  void concurrentScoringMatchesSequential() {
    const auto expected = holdoutPd(model());
    std::vector<std::vector<double>> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t)
      threads.emplace_back([&, t] {
        for (std::size_t r = 0; r < holdout_->rowCount(); r += 3) {
          if (t % 2)
            results[t].push_back(model().contributions(rowOf(*holdout_, r)).probabilityOfDefault);
          else
            results[t].push_back(model().probabilityOfDefault(rowOf(*holdout_, r)));
        }
      });
    for (auto& thread : threads) thread.join();
    for (const auto& result : results)
      for (std::size_t i = 0; i < result.size(); ++i) QCOMPARE(result[i], expected[3 * i]);
  }

  void badModelFilesSayWhatToDo() {
    const std::string good = model().toJsonText();
    expectLoadError(scratch_ / "absent.json", "cannot open model file");

    writeFile(scratch_ / "truncated.json", good.substr(0, good.size() / 2));
    expectLoadError(scratch_ / "truncated.json", "not valid JSON");

    writeFile(scratch_ / "other.json", R"({"weights": [1, 2, 3]})");
    expectLoadError(scratch_ / "other.json", "not an Aviary credit model");

    auto json = nlohmann::json::parse(good);
    json["format_version"] = 2;
    writeFile(scratch_ / "v2.json", json.dump());
    expectLoadError(scratch_ / "v2.json", "format version 2, but this Aviary reads version 1");
    expectLoadError(scratch_ / "v2.json", "aviary model train");

    json = nlohmann::json::parse(good);
    json["calibration"]["slope"] = json["calibration"]["slope"].get<double>() * 2;
    writeFile(scratch_ / "edited.json", json.dump());
    expectLoadError(scratch_ / "edited.json", "does not match its SHA-256");
  }

  void trainingRefusesUnusableTargets() {
    TrainerOptions options;
    options.target = {"Outcome", "bad"};
    QVERIFY_THROWS_EXCEPTION(TrainingError, CreditModelTrainer(options).train(*holdout_));
    options.target = {"Status", "default"};
    try {
      CreditModelTrainer(options).train(*holdout_);
      QFAIL("a bad label that never occurs must be refused");
    } catch (const TrainingError& error) {
      QVERIFY2(std::string(error.what()).find("pass --bad") != std::string::npos, error.what());
    }
    const CsvTable three = CsvTable::parse("Status,x\ngood,1\nbad,2\nunknown,3\n");
    options.target = {"Status", "bad"};
    QVERIFY_THROWS_EXCEPTION(TrainingError, CreditModelTrainer(options).train(three));
  }
};

QTEST_GUILESS_MAIN(TestCreditModel)
#include "TestCreditModel.moc"
