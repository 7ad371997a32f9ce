#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "CropCalendar.h"
#include "CropClassifier.h"
#include "ParallelFor.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "SceneSimulator.h"
#include "StacCatalog.h"

using namespace aviary::satellite;
namespace fs = std::filesystem;

namespace {

// Bitwise equality of two feature rows (NaN equals NaN: a missing value stays missing).
bool sameRow(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

// Reading and training on worker threads: a GDAL dataset shared between threads, or GDAL's
// drivers registered by two threads at once, crashed `satellite train` with 2 threads. Each
// worker now owns its datasets; 1 to 8 threads must read the same features and train the
// same model.
class TestSatelliteThreads : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::vector<SceneItem> items_;
  std::vector<Parcel> parcels_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const fs::path sim = fs::path(dir_.path().toStdString()) / "sim";
    SceneSimulator::Options o;
    o.seed = 5151;
    o.parcels = 300;
    o.dates = 16;
    o.maxAreaMu = 15;
    SceneSimulator::write(sim, o);
    items_ = StacCatalog::read(sim / "catalog.json").items;
    parcels_ = ParcelReader::readFile(sim / "parcels.geojson", {});
    QCOMPARE(parcels_.size(), std::size_t(300));
  }

  void aWorkersExceptionReachesTheCaller() {
    // Every index is handed out once; a worker that throws stops the others and its
    // exception is the caller's, not std::terminate.
    std::vector<std::atomic<int>> seen(100);
    parallelFor(100, 4, [&](auto& next) {
      for (int i = next(); i < 100; i = next()) ++seen[i];
    });
    for (const auto& s : seen) QCOMPARE(s.load(), 1);
    std::atomic<int> done{0};
    bool thrown = false;
    try {
      parallelFor(1000, 4, [&](auto& next) {
        for (int i = next(); i < 1000; i = next()) {
          if (i == 10) throw std::runtime_error("index 10");
          std::this_thread::sleep_for(std::chrono::milliseconds(1));  // 250 ms if none stopped
          ++done;
        }
      });
    } catch (const std::runtime_error& e) {
      thrown = std::string(e.what()) == "index 10";
    }
    QVERIFY(thrown);
    QVERIFY2(done.load() < 500, std::to_string(done.load()).c_str());
  }

  void oneToEightThreadsReadTheSameFeaturesAndTrainTheSameModel() {
    const auto& calendar = CropCalendar::shipped();
    std::vector<std::vector<ParcelResult>> runs;
    for (int threads : {1, 2, 3, 8})
      runs.push_back(ParcelAssessor(items_, calendar, {"", threads}).observe(parcels_));
    int usable = 0;
    for (std::size_t i = 0; i < parcels_.size(); ++i) {
      usable += runs[0][i].error.empty();
      for (std::size_t r = 1; r < runs.size(); ++r) {
        QCOMPARE(runs[r][i].error, runs[0][i].error);
        QVERIFY2(sameRow(runs[r][i].features, runs[0][i].features), parcels_[i].id.c_str());
      }
    }
    QVERIFY(usable >= 280);

    std::vector<std::vector<float>> rows;
    std::vector<int> labels;
    for (std::size_t i = 0; i < parcels_.size(); ++i)
      if (runs[0][i].error.empty()) {
        rows.push_back(runs[0][i].features);
        labels.push_back(calendar.indexOf(parcels_[i].system));
      }
    std::vector<std::string> classes;
    for (const auto& s : calendar.systems()) classes.push_back(s.code);
    const auto names = ParcelAssessor({}, calendar, {}).featureNames();
    std::vector<std::vector<std::vector<double>>> predictions;
    for (int threads : {1, 2, 4, 8}) {
      CropClassifier::TrainOptions options;
      options.rounds = 15;
      options.threads = threads;
      predictions.push_back(
          CropClassifier::train(rows, labels, classes, names, options).predict(rows));
    }
    for (std::size_t r = 1; r < predictions.size(); ++r)
      for (std::size_t i = 0; i < rows.size(); ++i)
        QVERIFY2(predictions[r][i] == predictions[0][i], parcels_[i].id.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSatelliteThreads)
#include "TestSatelliteThreads.moc"
