#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "CalendarDate.h"
#include "CropCalendar.h"
#include "CropClassifier.h"
#include "CropUncertainty.h"
#include "CsvTable.h"
#include "LabelFile.h"
#include "LabelSuggester.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "SatelliteCommands.h"
#include "SceneSimulator.h"
#include "StacCatalog.h"
#include "TrainingSet.h"

using namespace aviary::satellite;
using aviary::CalendarDate;
namespace fs = std::filesystem;

namespace {

struct Labelled {
  std::vector<ParcelResult> results;
  std::vector<int> labels;
};

Labelled observe(const fs::path& dir) {
  const auto& calendar = CropCalendar::shipped();
  const auto parcels = ParcelReader::readFile(dir / "parcels.geojson", {});
  Labelled out;
  auto results = ParcelAssessor(StacCatalog::read(dir / "catalog.json").items, calendar, {"", 2})
                     .observe(parcels);
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].error.empty()) {
      out.results.push_back(std::move(results[i]));
      out.labels.push_back(calendar.indexOf(parcels[i].system));
    }
  return out;
}

std::vector<std::vector<float>> rowsOf(const std::vector<ParcelResult>& results) {
  std::vector<std::vector<float>> rows;
  for (const auto& r : results) rows.push_back(r.features);
  return rows;
}

double accuracy(const CropClassifier& model, const std::vector<std::vector<float>>& rows,
                const std::vector<int>& labels) {
  const auto p = model.predict(rows);
  int right = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    right += std::max_element(p[i].begin(), p[i].end()) - p[i].begin() == labels[i];
  return static_cast<double>(right) / p.size();
}

// Two crops, a and b, over a few toy regions: 30 rounds, 3 calibration folds.
CropClassifier trainToy(const std::vector<std::vector<float>>& rows, const std::vector<int>& labels,
                        const std::vector<std::string>& names, CropClassifier::TrainReport* report,
                        const std::vector<int>& groups, const std::vector<int>& sources = {}) {
  CropClassifier::TrainOptions options;
  options.rounds = 30;
  options.calibrationFolds = 3;
  return CropClassifier::train(rows, labels, {"a", "b"}, names, options, report, groups, sources);
}

// A whole year of one surface, every 8 days: what no crop of crops.csv looks like.
ParcelTimeSeries yearOf(const std::array<double, 7>& reflectance) {
  std::vector<Observation> observations;
  for (int day = 4; day <= 365; day += 8) {
    Observation o;
    o.itemId = "synthetic";
    o.dayOfYear = day;
    o.year = 2026;
    o.date = CalendarDate::fromYearAndDay(2026, day).iso();
    o.coveredFraction = o.clearFraction = 1;
    o.reflectance = reflectance;
    observations.push_back(o);
  }
  return ParcelTimeSeries::build(std::move(observations));
}

}  // namespace

// Learning a region: calibrated probabilities, fine-tuning with local labels, the parcels
// whose labels would help most, and parcels the model cannot vouch for.
class TestCropAdaptation : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  Labelled plain_, region_;
  CropClassifier base_;
  CropClassifier::TrainReport baseReport_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const fs::path root = dir_.path().toStdString();
    SceneSimulator::Options o;
    o.parcels = 240;
    o.dates = 20;
    o.maxAreaMu = 20;
    o.seed = 6161;
    SceneSimulator::write(root / "plain", o);
    o.seed = 6262;
    o.varyRegion = true;  // another region: its own calendar, peaks, soil, haze and sensors
    SceneSimulator::write(root / "region", o);
    plain_ = observe(root / "plain");
    region_ = observe(root / "region");
    QVERIFY(plain_.results.size() >= 220 && region_.results.size() >= 200);

    TrainingSet names(CropCalendar::shipped());
    CropClassifier::TrainOptions options;
    options.rounds = 30;
    // Two groups: the folds hold out half the parcels each, as regions would be.
    std::vector<int> groups(plain_.labels.size());
    for (std::size_t i = 0; i < groups.size(); ++i) groups[i] = static_cast<int>(i % 2);
    options.calibrationFolds = 2;
    base_ = CropClassifier::train(rowsOf(plain_.results), plain_.labels, names.classes(),
                                  names.featureNames(), options, &baseReport_, groups);
  }

  void temperatureComesFromCrossFittedPredictions() {
    // Every row got a prediction from a model that did not see it, and the temperature that
    // calibrates them is kept with the model.
    QCOMPARE(baseReport_.validationRows, static_cast<int>(plain_.labels.size()));
    QCOMPARE(baseReport_.groups, 2);
    QVERIFY(baseReport_.validationAccuracy > 0.5);
    QVERIFY(baseReport_.temperature >= 0.5 && baseReport_.temperature <= 5);
    QVERIFY(baseReport_.calibrationError >= 0 && baseReport_.calibrationError < 0.15);
    const fs::path file = fs::path(dir_.path().toStdString()) / "base.json";
    base_.save(file);
    const CropClassifier loaded = CropClassifier::load(file);
    QCOMPARE(loaded.temperature(), base_.temperature());
    // The labels' class shares go with the model: BatchCropMix measures a batch's mix
    // against them.
    QCOMPARE(loaded.classShares().size(), base_.classes().size());
    for (std::size_t c = 0; c < base_.classes().size(); ++c)
      QCOMPARE(loaded.classShares()[c],
               std::count(plain_.labels.begin(), plain_.labels.end(), static_cast<int>(c)) /
                   static_cast<double>(plain_.labels.size()));
    const auto rows = rowsOf(plain_.results);
    QVERIFY(loaded.predict({rows[0]}) == base_.predict({rows[0]}));
    // The training rows are familiar to it.
    int unfamiliar = 0;
    for (const auto& row : rows) unfamiliar += loaded.unfamiliarFeatures(row) > 0;
    QVERIFY(unfamiliar < static_cast<int>(rows.size()) / 10);
  }

  void trainingKeepsTheRoundsTheLabelsBear() {
    // Labels that carry no signal bear the fewest trees the cross-fitting tries; real ones
    // bear more. Before, training always kept every round it was given.
    TrainingSet names(CropCalendar::shipped());
    CropClassifier::TrainOptions options;
    options.rounds = 80;  // checkpoints 10, 20, 40, 80
    const auto rows = rowsOf(plain_.results);
    std::vector<int> shuffled = plain_.labels;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
    CropClassifier::TrainReport noise, real;
    const auto fromNoise = CropClassifier::train(rows, shuffled, names.classes(),
                                                 names.featureNames(), options, &noise);
    QCOMPARE(noise.rounds, 10);
    QCOMPARE(fromNoise.rounds(), 10);
    const auto fromLabels = CropClassifier::train(rows, plain_.labels, names.classes(),
                                                  names.featureNames(), options, &real);
    QVERIFY2(real.rounds >= 20 && real.rounds <= 80, qPrintable(QString::number(real.rounds)));
    QCOMPARE(fromLabels.rounds(), real.rounds);
    const fs::path file = fs::path(dir_.path().toStdString()) / "rounds.json";
    fromLabels.save(file);
    QCOMPARE(CropClassifier::load(file).rounds(), real.rounds);
  }

  void fineTuningWithLocalLabelsLearnsTheRegion() {
    // Half the region's parcels are labelled locally; the other half is scored.
    std::vector<std::vector<float>> train, test;
    std::vector<int> trainLabels, testLabels;
    for (std::size_t i = 0; i < region_.results.size(); ++i) {
      auto& rows = i % 2 ? test : train;
      auto& labels = i % 2 ? testLabels : trainLabels;
      rows.push_back(region_.results[i].features);
      labels.push_back(region_.labels[i]);
    }
    const double before = accuracy(base_, test, testLabels);
    auto options = CropClassifier::fineTuneDefaults();
    options.rounds = 30;
    CropClassifier::TrainReport report;
    const CropClassifier tuned =
        CropClassifier::fineTune(base_, train, trainLabels, options, &report);
    const double after = accuracy(tuned, test, testLabels);
    qInfo("region: accuracy %.3f with the base model, %.3f fine-tuned on %zu local labels", before,
          after, train.size());
    QVERIFY2(after >= before + 0.05, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
    QCOMPARE(report.trainRows, static_cast<int>(train.size()));
    // The labels of a region the base model does not know bear added trees (chosen by
    // cross-fitting among 0, 10, 20 and the 30 allowed).
    QVERIFY2(report.addedRounds >= 10 && report.addedRounds <= 30,
             qPrintable(QString::number(report.addedRounds)));
    QCOMPARE(tuned.classes(), base_.classes());
    // The trees it added learnt the local labels' shares, which the model now carries.
    const auto& shares = tuned.classShares();
    QCOMPARE(shares.size(), base_.classes().size());
    QCOMPARE(shares[trainLabels.front()],
             std::count(trainLabels.begin(), trainLabels.end(), trainLabels.front()) /
                 static_cast<double>(trainLabels.size()));
  }

  void trainKeepsWhicheverStartTheLabelsPrefer() {
    // Without --from, `train` fits the local labels from scratch and from the shipped model
    // and keeps the one whose cross-fitted log loss is lower. A shipped model that names every
    // crop as another (its labels shifted by one) must lose to training from scratch.
    const fs::path root = dir_.path().toStdString();
    TrainingSet names(CropCalendar::shipped());
    std::vector<int> shifted = plain_.labels;
    for (int& label : shifted) label = (label + 1) % static_cast<int>(names.classes().size());
    CropClassifier::TrainOptions options;
    options.rounds = 30;
    CropClassifier::train(rowsOf(plain_.results), shifted, names.classes(), names.featureNames(),
                          options)
        .save(root / "misleading.json");
    // The first run reads the region's scenes and keeps their features for the others.
    const std::string features = (root / "region.features.jsonl").string();
    auto runTrain = [&](const fs::path& shipped, const std::vector<std::string>& extra,
                        std::string& err) {
      qputenv("AVIARY_SATELLITE_MODEL", QByteArray::fromStdString(shipped.string()));
      std::vector<std::string> arguments = {"--rounds", "30",    "--threads",
                                            "1",        "--out", (root / "local.json").string()};
      if (fs::exists(features))
        arguments.insert(arguments.end(), {"--features", features});
      else
        arguments.insert(
            arguments.end(),
            {"--catalog", (root / "region" / "catalog.json").string(), "--parcels",
             (root / "region" / "parcels.geojson").string(), "--save-features", features});
      arguments.insert(arguments.end(), extra.begin(), extra.end());
      std::ostringstream out, errors;
      const int status = SatelliteCommands::run("train", arguments, out, errors);
      qunsetenv("AVIARY_SATELLITE_MODEL");
      err = errors.str();
      return status;
    };
    std::string err;
    QCOMPARE(runTrain(root / "misleading.json", {}, err), 0);
    qInfo("%s", err.c_str());
    double scratchLoss = NAN, tunedLoss = NAN;
    const auto at = err.find("cross-fitted log loss: ");
    QVERIFY2(at != std::string::npos, err.c_str());
    QCOMPARE(std::sscanf(err.c_str() + at, "cross-fitted log loss: %lf from scratch, %lf",
                         &scratchLoss, &tunedLoss),
             2);
    QVERIFY2(scratchLoss < tunedLoss, err.c_str());
    QVERIFY(err.find("kept the model trained from scratch") != std::string::npos);
    // The model written is the one kept: it names the region's crops, the shipped one does not.
    const auto regionRows = rowsOf(region_.results);
    QVERIFY(accuracy(CropClassifier::load(root / "misleading.json"), regionRows, region_.labels) <
            0.2);
    QVERIFY(accuracy(CropClassifier::load(root / "local.json"), regionRows, region_.labels) > 0.8);
    // The plain region's model knows these crops: whichever start wins, the kept model is it.
    const fs::path plainModel = root / "plain.json";
    base_.save(plainModel);
    QCOMPARE(runTrain(plainModel, {}, err), 0);
    const auto again = err.find("cross-fitted log loss: ");
    QVERIFY2(again != std::string::npos, err.c_str());
    QCOMPARE(std::sscanf(err.c_str() + again, "cross-fitted log loss: %lf from scratch, %lf",
                         &scratchLoss, &tunedLoss),
             2);
    const bool tunedKept = err.find("kept the fine-tuned shipped model") != std::string::npos;
    QCOMPARE(tunedKept, tunedLoss < scratchLoss);
    // --from scratch does not compare.
    QCOMPARE(runTrain(plainModel, {"--from", "scratch"}, err), 0);
    QVERIFY(err.find("cross-fitted log loss") == std::string::npos);
    // A --from file that is not there stops train before any scene is read, and says so once,
    // with what to give instead.
    const std::string missing = (root / "no-such-model.json").string();
    std::ostringstream noOut, noErr;
    QVERIFY(SatelliteCommands::run("train",
                                   {"--catalog", (root / "region" / "catalog.json").string(),
                                    "--parcels", (root / "region" / "parcels.geojson").string(),
                                    "--from", missing, "--out", (root / "unwritten.json").string()},
                                   noOut, noErr) != 0);
    err = noErr.str();
    QVERIFY2(err.find("labelled parcels") == std::string::npos, err.c_str());
    QVERIFY2(err.find(missing + " not found") != std::string::npos &&
                 err.find("'shipped' or 'scratch'") != std::string::npos,
             err.c_str());
    QCOMPARE(err.find(missing), err.rfind(missing));
    QVERIFY(!fs::exists(root / "unwritten.json"));
    // One --source per --features file, or none.
    QVERIFY(runTrain(plainModel, {"--source", "a", "--source", "b"}, err) != 0);
    QVERIFY2(err.find("one --source for each --features file") != std::string::npos, err.c_str());
  }

  void labelsComeBackInTheSuggestionsSpreadsheet() {
    // suggest-labels writes a spreadsheet; field agents fill in its system column, by code or
    // by the crop's name; train --labels reads it back over parcels that carry no labels.
    const fs::path root = dir_.path().toStdString();
    base_.save(root / "suggesting.json");
    qputenv("AVIARY_SATELLITE_MODEL",
            QByteArray::fromStdString((root / "suggesting.json").string()));
    // The extension in any case (Windows users write .CSV) gets the spreadsheet.
    const std::string sheet = (root / "to_label.CSV").string();
    std::ostringstream out, err;
    QCOMPARE(SatelliteCommands::run("suggest-labels",
                                    {"--catalog", (root / "region" / "catalog.json").string(),
                                     "--parcels", (root / "region" / "parcels.geojson").string(),
                                     "--count", "20", "--threads", "1", "--out", sheet},
                                    out, err),
             0);
    qunsetenv("AVIARY_SATELLITE_MODEL");
    const aviary::CsvTable suggested = aviary::CsvTable::read(sheet);
    QCOMPARE(suggested.rowCount(), std::size_t(20));
    QVERIFY(suggested.problems().empty());
    const int idColumn = suggested.columnIndex("parcel_id"),
              systemColumn = suggested.columnIndex("system");
    QVERIFY(idColumn >= 0 && systemColumn == static_cast<int>(suggested.header().size()) - 1);

    auto parcels = ParcelReader::readFile(root / "region" / "parcels.geojson", {});
    std::map<std::string, std::string> truth;
    for (const auto& parcel : parcels) truth[parcel.id] = parcel.system;
    const auto& calendar = CropCalendar::shipped();
    std::ofstream filled(root / "labels.csv");
    filled << "parcel_id,system\n";
    for (std::size_t r = 0; r < suggested.rowCount(); ++r) {
      const std::string id = suggested.row(r)[idColumn];
      const CropSystem* crop = calendar.find(truth.at(id));
      QVERIFY(crop);
      // Every other label is the first season's English name, in capitals.
      std::string label =
          r % 2 ? crop->code
                : QString::fromStdString(crop->seasons[0].nameEn).toUpper().toStdString();
      if (r == 5) label = "";  // not visited yet
      filled << "\"" << id << "\"," << label << "\n";
    }
    filled << "p-none,apple\n" << suggested.row(0)[idColumn] << ",cowpea\n";  // lines 22, 23
    // Saved by Excel on Chinese Windows: 大豆 in GBK, so the whole file is read as GB18030.
    filled << "p-gbk,\xB4\xF3\xB6\xB9\n";
    filled.close();

    for (auto& parcel : parcels) parcel.system.clear();
    LabelFile labels = LabelFile::read(root / "labels.csv", calendar);
    QCOMPARE(labels.blankRows(), std::size_t(1));
    QCOMPARE(labels.problems().size(), std::size_t(1));
    QCOMPARE(labels.problems()[0].line, std::size_t(23));
    QVERIFY(labels.problems()[0].message.find("cowpea") != std::string::npos);
    QCOMPARE(labels.applyTo(parcels), std::size_t(19));
    QCOMPARE(labels.unmatchedIds(), (std::vector<std::string>{"p-gbk", "p-none"}));
    QVERIFY(!labels.encodingNote().empty());
    int labelled = 0;
    for (const auto& parcel : parcels) {
      if (parcel.system.empty()) continue;
      ++labelled;
      QCOMPARE(parcel.system, truth.at(parcel.id));
    }
    QCOMPARE(labelled, 19);
  }

  void labelsNamingSeveralSystemsAreToldApartByTheScenes() {
    // Registers name crops, not cropping systems: "maize" is spring maize or summer maize after
    // wheat, "rice" one of four systems. The scenes tell which, where the model is sure.
    const fs::path region = fs::path(dir_.path().toStdString()) / "region";
    auto parcels = ParcelReader::readFile(region / "parcels.geojson", {});
    std::map<std::string, std::string> truth;
    for (auto& parcel : parcels) {
      truth[parcel.id] = parcel.system;
      if (parcel.system == "wheat_maize" || parcel.system == "maize_spring")
        parcel.system = "maize";
      else if (parcel.system.find("rice") != std::string::npos)
        parcel.system = "Rice";
    }
    const auto items = StacCatalog::read(region / "catalog.json").items;
    const auto& calendar = CropCalendar::shipped();
    TrainingSet unresolved(calendar), resolved(calendar);
    const auto skipped = unresolved.addCatalog(items, parcels, 2);
    QVERIFY(skipped.shared >= 50);  // 6 of the 21 systems
    QCOMPARE(skipped.told, 0);
    const CropClassifier shipped = CropClassifier::load(CropClassifier::shippedModel());
    const auto told = resolved.addCatalog(items, parcels, 2, {}, &shipped);
    QCOMPARE(told.shared, skipped.shared);
    QCOMPARE(told.used, skipped.used + told.told);
    QVERIFY2(told.told >= told.shared * 3 / 4, std::to_string(told.told).c_str());
    int right = 0;
    for (std::size_t i = 0; i < resolved.ids().size(); ++i)
      right += resolved.classes()[resolved.labels()[i]] == truth.at(resolved.ids()[i]);
    QVERIFY2(right >= told.used - 2,
             (std::to_string(right) + " of " + std::to_string(told.used)).c_str());
  }

  void suggestedLabelsAreTheLeastCertainParcels() {
    auto results = region_.results;
    ParcelAssessor({}, CropCalendar::shipped(), {}).classifyAndJudge(results, base_);
    const auto suggestions = LabelSuggester::suggest(results, base_.classes(), 30);
    QCOMPARE(suggestions.size(), std::size_t(30));
    std::set<std::string> ids;
    for (const auto& s : suggestions) ids.insert(s.parcelId);
    QCOMPARE(ids.size(), std::size_t(30));
    std::vector<double> top;
    for (const auto& r : results) top.push_back(r.systemConfidence);
    std::sort(top.begin(), top.end());
    // Mostly from the less certain half (a few come from further up: no one pair of crops
    // takes every label).
    const double median = top[top.size() / 2];
    int belowMedian = 0;
    double meanSuggested = 0, meanAll = 0;
    for (const auto& s : suggestions) {
      belowMedian += s.probability <= median;
      meanSuggested += s.probability / suggestions.size();
      QVERIFY(s.likeliest != s.runnerUp && s.probability >= s.runnerUpProbability);
    }
    for (double p : top) meanAll += p / top.size();
    QVERIFY2(belowMedian >= 24, qPrintable(QString::number(belowMedian)));
    QVERIFY(meanSuggested < meanAll - 0.1);
    // The most useful parcel, seen mostly through its neighbours, goes after all the others.
    const std::string first = suggestions.front().parcelId;
    for (auto& r : results)
      if (r.parcelId == first)
        for (auto& o : r.series.observations) o.purity = 0.2;
    const auto again = LabelSuggester::suggest(results, base_.classes(), 30);
    QVERIFY(std::none_of(again.begin(), again.end(),
                         [&](const auto& s) { return s.parcelId == first; }));
    const auto all = LabelSuggester::suggest(results, base_.classes(), 1000);
    QCOMPARE(all.back().parcelId, first);
    QVERIFY(std::find(all.back().flags.begin(), all.back().flags.end(), "mixed_pixels") !=
            all.back().flags.end());
  }

  void aBatchOfFewCropsLeansTowardsThem() {
    const auto& calendar = CropCalendar::shipped();
    const ParcelAssessor learning({}, calendar, {});
    const ParcelAssessor keeping({}, calendar, {"", 2, false});
    // The whole batch grows its crops about evenly: its probabilities are the model's own.
    auto even = plain_.results, evenKept = plain_.results;
    BatchReading reading;
    const BatchCropMix& mix = reading.mix;
    learning.classifyAndJudge(even, base_, std::nullopt, &reading);
    keeping.classifyAndJudge(evenKept, base_);
    QCOMPARE(mix.strength(), 0.0);
    for (std::size_t i = 0; i < even.size(); ++i)
      QCOMPARE(even[i].probabilities, evenKept[i].probabilities);
    // Three crops and a few strays: the three gain probability on every parcel.
    std::vector<ParcelResult> few;
    std::map<int, int> strays;
    for (std::size_t i = 0; i < plain_.results.size(); ++i)
      if (plain_.labels[i] <= 2 || strays[plain_.labels[i]]++ == 0)
        few.push_back(plain_.results[i]);
    QVERIFY(few.size() >= BatchCropMix::kMinParcels);
    auto fewKept = few;
    learning.classifyAndJudge(few, base_, std::nullopt, &reading);
    keeping.classifyAndJudge(fewKept, base_);
    qInfo("%zu parcels: %s", few.size(), mix.describe(base_.classes()).c_str());
    QVERIFY2(mix.strength() > 0, std::to_string(mix.gainPerParcel()).c_str());
    int gained = 0;
    for (std::size_t i = 0; i < few.size(); ++i) {
      const auto& p = few[i].probabilities;
      const auto& q = fewKept[i].probabilities;
      QVERIFY(p[0] + p[1] + p[2] >= q[0] + q[1] + q[2] - 1e-9);
      gained += p[0] + p[1] + p[2] > q[0] + q[1] + q[2] + 1e-6;
    }
    QVERIFY(gained > static_cast<int>(few.size()) / 2);
  }

  void aParcelUnlikeAnyCropIsReferredNotNamed() {
    const auto& calendar = CropCalendar::shipped();
    const ParcelAssessor assessor({}, calendar, {});
    const Endmembers& em = calendar.endmembers();
    std::vector<ParcelResult> results(2);
    results[0].parcelId = "forest";  // a closed canopy all year
    results[0].series = yearOf(em.vegetation);
    results[1].parcelId = "pond";  // open water all year
    results[1].series = yearOf(em.water);
    for (auto& r : results) {
      r.areaM2 = 20000;
      r.features = assessor.features(r.series);
    }
    // Two parcels alone cannot tell the region's calendar or be ranked: batch features missing.
    const auto region = ParcelAssessor::addBatchFeatures(
        {&results[0].features, &results[1].features}, assessor.parcelFeatureNames());
    QVERIFY(!region.sure());
    QVERIFY(std::isnan(results[0].features.back()));
    assessor.classifyAndJudge(results, base_);
    for (const auto& r : results) {
      QVERIFY2(r.error.empty(), r.error.c_str());
      QVERIFY2(r.uncertain(), r.parcelId.c_str());
      const auto line = ParcelResultJson::line(r, base_.classes());
      QCOMPARE(line["system"].get<std::string>(), std::string("uncertain"));
      QCOMPARE(line["best_guess"].get<std::string>(), r.system);
      QVERIFY(!line["flags"].empty());
      QVERIFY(line["referral"].get<std::string>().find("underwriter") != std::string::npos);
      QVERIFY(!line.contains("declared_match") || line["declared_match"].is_null());
    }
    // Parcels like the ones it learned from are named.
    auto familiar = plain_.results;
    assessor.classifyAndJudge(familiar, base_);
    const auto flagged = std::count_if(familiar.begin(), familiar.end(),
                                       [](const ParcelResult& r) { return r.uncertain(); });
    QVERIFY2(flagged * 10 < static_cast<long>(familiar.size()),
             qPrintable(QString::number(flagged)));
  }

  void curveLimitsComeFromEachCropsOwnParcels() {
    // Two crops: "flat" whose own parcels the normal curves miss by up to 0.15 (an evergreen
    // whose level varies), "seasonal" missed by at most 0.06; and "rare" with too few labels.
    std::vector<std::vector<float>> rows;
    std::vector<int> labels;
    for (int i = 0; i < 100; ++i) {
      rows.push_back({static_cast<float>(i % 7), 0.05f + 0.001f * i});  // 0.050 ... 0.149
      labels.push_back(0);
      rows.push_back({static_cast<float>(i % 5) + 10, 0.0006f * i});  // 0 ... 0.0594
      labels.push_back(1);
    }
    for (int i = 0; i < 5; ++i) {
      rows.push_back({20.0f + i, 0.01f});
      labels.push_back(2);
    }
    CropClassifier::TrainOptions options;
    options.rounds = 10;
    options.calibrationFolds = 0;
    const CropClassifier model = CropClassifier::train(rows, labels, {"flat", "seasonal", "rare"},
                                                       {"x", "fit_best_error"}, options);
    QCOMPARE(model.curveErrorLimit(0), static_cast<double>(0.05f + 0.001f * 99));
    QCOMPARE(model.curveErrorLimit(1), static_cast<double>(0.0006f * 99));
    QVERIFY(std::isnan(model.curveErrorLimit(2)));
    const fs::path file = fs::path(dir_.path().toStdString()) / "limits.json";
    model.save(file);
    const CropClassifier loaded = CropClassifier::load(file);
    for (std::size_t c = 0; c < 3; ++c)
      QVERIFY(loaded.curveErrorLimit(c) == model.curveErrorLimit(c) ||
              (std::isnan(loaded.curveErrorLimit(c)) && std::isnan(model.curveErrorLimit(c))));

    // A parcel the curves miss by 0.148 is like "flat"'s own; for "seasonal" (or a model
    // without limits) no curve fits it. The fixed limit stands under a crop's lower one.
    const auto flagged = [](double error, double limit) {
      const auto f = CropUncertainty::flags({{0.9, 0.1}, 0, error, limit, 30});
      return std::find(f.begin(), f.end(), "no_crop_curve_fits") != f.end();
    };
    QVERIFY(!flagged(0.148, loaded.curveErrorLimit(0)));
    QVERIFY(flagged(0.148, loaded.curveErrorLimit(1)));
    QVERIFY(flagged(0.148, NAN));
    QVERIFY(!flagged(0.1, loaded.curveErrorLimit(1)));
    QVERIFY(flagged(NAN, loaded.curveErrorLimit(0)));

    // Local labels that the curves miss by more widen a crop's limit; too few leave it.
    std::vector<std::vector<float>> local;
    std::vector<int> localLabels;
    for (int i = 0; i < 40; ++i) {
      local.push_back({static_cast<float>(i % 5) + 10, 0.1f + 0.001f * i});
      localLabels.push_back(1);
    }
    auto tuning = CropClassifier::fineTuneDefaults();
    tuning.rounds = 10;
    tuning.calibrationFolds = 0;
    const CropClassifier tuned = CropClassifier::fineTune(model, local, localLabels, tuning);
    QCOMPARE(tuned.curveErrorLimit(1), static_cast<double>(0.1f + 0.001f * 39));
    QCOMPARE(tuned.curveErrorLimit(0), model.curveErrorLimit(0));
  }

  void regionCalendarIsReadFromTheWholeBatch() {
    // The plain region plants on crops.csv's days; the same parcels seen 20 days later are a
    // region that plants 20 days late, and each system's fitted shift against the region's
    // calendar stays where it was.
    const ParcelAssessor assessor({}, CropCalendar::shipped(), {});
    const auto names = assessor.parcelFeatureNames();
    std::vector<std::vector<float>> onTime, late;
    for (const auto& r : plain_.results) {
      onTime.push_back(assessor.features(r.series));
      auto observations = r.series.observations;
      for (auto& o : observations) o.dayOfYear += 20;
      observations.erase(std::remove_if(observations.begin(), observations.end(),
                                        [](const Observation& o) { return o.dayOfYear > 365; }),
                         observations.end());
      late.push_back(assessor.features(ParcelTimeSeries::build(std::move(observations))));
    }
    auto pointers = [](std::vector<std::vector<float>>& rows) {
      std::vector<std::vector<float>*> p;
      for (auto& row : rows) p.push_back(&row);
      return p;
    };
    const auto a = ParcelAssessor::addBatchFeatures(pointers(onTime), names);
    const auto b = ParcelAssessor::addBatchFeatures(pointers(late), names);
    qInfo("%s; seen 20 days later: %s", a.describe().c_str(), b.describe().c_str());
    QVERIFY(a.sure() && b.sure());
    QVERIFY2(std::abs(a.shift) <= 3, qPrintable(QString::number(a.shift)));
    QVERIFY2(std::abs(b.shift - a.shift - 20) <= 3, qPrintable(QString::number(b.shift)));
    const auto all = assessor.featureNames();
    const std::size_t greenup = std::find(all.begin(), all.end(), "region_greenup") - all.begin();
    QVERIFY(greenup < all.size());
    int kept = 0, planted = 0;
    for (std::size_t i = 0; i < onTime.size(); ++i)
      if (std::isfinite(onTime[i][greenup]) && std::isfinite(late[i][greenup])) {
        ++planted;
        kept += std::abs(onTime[i][greenup] - late[i][greenup]) <= 5;
      }
    QVERIFY2(kept * 10 >= planted * 8, qPrintable(QString("%1 of %2").arg(kept).arg(planted)));
    // A handful of parcels is not enough to say.
    std::vector<std::vector<float>> few(late.begin(), late.begin() + 5);
    for (auto& row : few) row.resize(names.size());
    QVERIFY(!ParcelAssessor::addBatchFeatures(pointers(few), names).sure());
  }

  void strangerRegionsGetHotterTemperatures() {
    // Six regions of two crops told apart by one feature. In four the crops follow it
    // cleanly and crops.csv's curves fit well; in two the curves fit worse and a third of
    // the crops break the rule: held out, these are predicted overconfidently.
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> uniform(0, 1);
    std::vector<std::vector<float>> rows;
    std::vector<int> labels, groups;
    for (int g = 0; g < 6; ++g)
      for (int i = 0; i < 100; ++i) {
        const bool strange = g >= 4;
        const float x = uniform(rng);
        int label = x > 0.5f;
        if (strange && uniform(rng) < 0.33f) label = 1 - label;
        rows.push_back({x, (strange ? 0.03f : 0.006f) + 0.002f * uniform(rng)});
        labels.push_back(label);
        groups.push_back(g);
      }
    CropClassifier::TrainReport report;
    const auto model = trainToy(rows, labels, {"x", "fit_best_error"}, &report, groups);
    const std::vector<std::vector<float>> plain(rows.begin(), rows.begin() + 400),
        strange(rows.begin() + 400, rows.end());
    const double plainT = model.batchTemperature(plain).temperature,
                 strangeT = model.batchTemperature(strange).temperature;
    qInfo("temperature %.2f on plain regions, %.2f on strange ones (slope %.1f)", plainT, strangeT,
          report.temperatureSlope);
    QVERIFY(report.temperatureSlope > 0);
    QVERIFY(strangeT > plainT * 1.5);
    // The log names the strange batch's temperature and what set it.
    const auto told = model.batchTemperature(strange);
    QVERIFY(told.perBatch && told.strangeness > 0.03 && told.strangeness < 0.032);
    char temperature[32];
    std::snprintf(temperature, sizeof temperature, "temperature %.2f", strangeT);
    QVERIFY2(told.describe().find(temperature) != std::string::npos, told.describe().c_str());
    // A batch without a season to read gets the temperature of the training regions' median.
    std::vector<std::vector<float>> unseen = strange;
    for (auto& row : unseen) row[1] = NAN;
    const auto blind = model.batchTemperature(unseen);
    QVERIFY(blind.perBatch && std::isnan(blind.strangeness));
    QCOMPARE(blind.temperature, model.temperature());
    QVERIFY2(blind.describe().find("no parcel had a season") != std::string::npos,
             blind.describe().c_str());
    // The same parcel gets flatter probabilities in a strange batch than in a plain one.
    const fs::path file = fs::path(dir_.path().toStdString()) / "batch.json";
    model.save(file);
    const CropClassifier loaded = CropClassifier::load(file);
    std::vector<std::vector<float>> mixed = plain;
    mixed.push_back(strange[0]);
    const auto inStrange = loaded.predict(strange)[0], inPlain = loaded.predict(mixed).back();
    QCOMPARE(inStrange, model.predict(strange)[0]);
    QVERIFY(*std::max_element(inStrange.begin(), inStrange.end()) <
            *std::max_element(inPlain.begin(), inPlain.end()));
  }

  void otherSourcesWidenTheTemperature() {
    // Two sources of three regions each. In the first the crop follows x, in the second y: trees
    // that saw only one source read the other confidently and wrongly. Region folds hold both
    // sources in training and miss that; naming the sources lets the temperature allow for it.
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> uniform(0, 1);
    std::vector<std::vector<float>> rows;
    std::vector<int> labels, groups, sources;
    for (int g = 0; g < 6; ++g)
      for (int i = 0; i < 100; ++i) {
        const int source = g / 3;
        const float x = uniform(rng), y = uniform(rng);
        rows.push_back({x, y, 0.02f + 0.002f * uniform(rng)});
        labels.push_back((source == 0 ? x : y) > 0.5f);
        groups.push_back(g);
        sources.push_back(source);
      }
    const std::vector<std::string> names = {"x", "y", "fit_best_error"};
    CropClassifier::TrainReport byRegion, bySource;
    const auto regionsOnly = trainToy(rows, labels, names, &byRegion, groups);
    const auto withSources = trainToy(rows, labels, names, &bySource, groups, sources);
    const double regionT = regionsOnly.batchTemperature(rows).temperature,
                 sourceT = withSources.batchTemperature(rows).temperature;
    qInfo(
        "temperature %.2f from region folds, %.2f across the sources (calibration error "
        "across sources %.3f)",
        regionT, sourceT, bySource.acrossSourcesCalibrationError);
    QCOMPARE(byRegion.sources, 0);
    QCOMPARE(bySource.sources, 2);
    QVERIFY(sourceT > regionT * 1.3);
    // Fitted on the across-sources predictions alone, the temperature calibrates them (0.25
    // when the regions' own cross-fitted predictions joined the fit).
    QVERIFY(bySource.acrossSourcesCalibrationError > 0);
    QVERIFY(bySource.acrossSourcesCalibrationError < 0.15);
    // The trees are the same: only the temperature differs, so every likeliest crop stands.
    const auto p = regionsOnly.predict(rows), q = withSources.predict(rows);
    for (std::size_t i = 0; i < rows.size(); ++i)
      QCOMPARE(std::max_element(q[i].begin(), q[i].end()) - q[i].begin(),
               std::max_element(p[i].begin(), p[i].end()) - p[i].begin());
  }
};

QTEST_GUILESS_MAIN(TestCropAdaptation)
#include "TestCropAdaptation.moc"
