#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "CropCalendar.h"
#include "CropClassifier.h"
#include "LabelSuggester.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "SceneSimulator.h"
#include "StacCatalog.h"
#include "TrainingSet.h"

namespace aviary::cli {
namespace {

void addSimulate(CLI::App& group) {
  auto options = std::make_shared<satellite::SceneSimulator::Options>();
  auto outDir = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand("simulate", "Write a simulated catalog, parcels and truth");
  cmd->add_option("OUT_DIR", *outDir, "Folder for catalog.json, parcels.geojson, truth.jsonl")
      ->required();
  cmd->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  cmd->add_option("--parcels", options->parcels, "Number of parcels")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--dates", options->dates, "Number of scenes over the year")
      ->check(CLI::Range(1, 400))
      ->capture_default_str();
  cmd->add_option("--cloud", options->meanCloud, "Mean cloud cover of a scene (0..0.8)")
      ->check(CLI::Range(0.0, 0.8))
      ->capture_default_str();
  cmd->add_option("--min-mu", options->minAreaMu, "Smallest parcel in mu")
      ->check(CLI::Range(0.1, 100000.0))
      ->capture_default_str();
  cmd->add_option("--max-mu", options->maxAreaMu, "Largest parcel in mu")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
  cmd->add_flag("--vary-region", options->varyRegion,
                "Draw a farming region: calendars shifted up to a month, other peaks, season "
                "lengths, soils, haze, sensors and revisit gaps");
  cmd->add_option("--hazard-share", options->hazardShare,
                  "Share of planted parcels hit by each of flood, drought and pest")
      ->check(CLI::Range(0.0, 0.33))
      ->capture_default_str();
  cmd->add_option("--year", options->year, "Year of the scenes")->capture_default_str();
  cmd->callback([options, outDir] {
    try {
      const auto summary = satellite::SceneSimulator::write(*outDir, *options);
      std::cerr << "simulated " << summary.parcels << " parcels, " << summary.scenes
                << " scenes, mean cloud " << summary.meanCloud << " in " << *outDir << "\n";
    } catch (const std::exception& e) {
      throw CommandError(std::string("simulate failed: ") + e.what());
    }
  });
}

satellite::StacCatalog readCatalog(const std::string& file) {
  try {
    return satellite::StacCatalog::read(file);
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
}

std::vector<satellite::Parcel> readParcels(const std::string& file, bool repair) {
  try {
    return satellite::ParcelReader::readFile(file, {repair, 100.0});
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
}

void reportSceneProblems(const satellite::ParcelAssessor& assessor) {
  for (const auto& problem : assessor.sceneProblems()) std::cerr << "warning: " << problem << "\n";
}

struct AssessArguments {
  std::string catalog, parcels, asOf, model, out;
  int threads = 2;
  bool repair = false;
};

void addAssess(CLI::App& group) {
  auto a = std::make_shared<AssessArguments>();
  CLI::App* cmd = group.add_subcommand("assess", "Assess parcels against a STAC catalog");
  cmd->add_option("--catalog", a->catalog, "STAC catalog.json")->required();
  cmd->add_option("--parcels", a->parcels, "GeoJSON FeatureCollection of parcels")->required();
  cmd->add_option("--as-of", a->asOf, "Ignore scenes after this day (YYYY-MM-DD)");
  cmd->add_option("--model", a->model, "Crop model (default: the one shipped with Aviary)");
  cmd->add_option("--out", a->out, "JSON Lines output (default: stdout)");
  cmd->add_option("--threads", a->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_flag("--repair-invalid", a->repair,
                "Repair self-intersecting polygons instead of refusing them");
  cmd->callback([a] {
    if (!a->asOf.empty()) {
      int y = 0, d = 0;
      std::string date;
      if (!satellite::StacCatalog::parseDatetime(a->asOf + "T00:00:00Z", y, d, date))
        throw CommandError("--as-of '" + a->asOf + "' is not a date; write YYYY-MM-DD");
    }
    const auto catalog = readCatalog(a->catalog);
    const auto parcels = readParcels(a->parcels, a->repair);
    satellite::CropClassifier model;
    try {
      model = satellite::CropClassifier::load(a->model.empty()
                                                  ? satellite::CropClassifier::shippedModel()
                                                  : std::filesystem::path(a->model));
    } catch (const std::exception& e) {
      throw CommandError(e.what());
    }
    std::ofstream file;
    if (!a->out.empty()) {
      file.open(a->out);
      if (!file) throw CommandError("cannot write " + a->out);
    }
    std::ostream& out = a->out.empty() ? std::cout : file;
    const auto start = std::chrono::steady_clock::now();
    satellite::ParcelAssessor assessor(catalog.items, satellite::CropCalendar::shipped(),
                                       {a->asOf, a->threads});
    reportSceneProblems(assessor);
    const auto results = assessor.assess(parcels, model);
    int failed = 0;
    for (const auto& r : results) {
      out << satellite::ParcelResultJson::line(r, model.classes()).dump() << "\n";
      failed += !r.error.empty();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "assessed " << results.size() << " parcels (" << failed << " with errors) against "
              << assessor.items().size() << " scenes in " << seconds << " s\n";
  });
}

struct TrainArguments {
  std::vector<std::string> catalogs, parcels, featureFiles;
  std::string out, saveFeatures, from;
  satellite::CropClassifier::TrainOptions options;
};

satellite::CropClassifier loadModel(const std::string& file) {
  try {
    return satellite::CropClassifier::load(file.empty() || file == "shipped"
                                               ? satellite::CropClassifier::shippedModel()
                                               : std::filesystem::path(file));
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
}

void addTrain(CLI::App& group) {
  auto a = std::make_shared<TrainArguments>();
  CLI::App* cmd =
      group.add_subcommand("train", "Train the crop-system classifier on labelled parcels");
  cmd->add_option("--catalog", a->catalogs, "STAC catalog.json (repeat, paired with --parcels)");
  cmd->add_option("--parcels", a->parcels, "Labelled GeoJSON parcels with properties.system");
  cmd->add_option("--out", a->out, "Model file to write (XGBoost JSON)");
  cmd->add_option("--from", a->from,
                  "Fine-tune this model (a file, or 'shipped') with the local labels instead of "
                  "training from scratch");
  cmd->add_option("--save-features", a->saveFeatures,
                  "Also write the labelled feature rows (JSON Lines) for later --features runs");
  cmd->add_option("--features", a->featureFiles,
                  "Labelled feature rows from --save-features (repeat; each file is one region)");
  auto* rounds = cmd->add_option("--rounds", a->options.rounds,
                                 "Boosting rounds (default 150; fine-tuning: rounds added, 80)");
  auto* depth = cmd->add_option("--max-depth", a->options.maxDepth,
                                "Tree depth (default 5; fine-tuning 4)");
  cmd->add_option("--threads", a->options.threads, "Threads for reading scenes and training")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--seed", a->options.seed, "Random seed for the folds and sampling")
      ->capture_default_str();
  cmd->add_option("--calibration-folds", a->options.calibrationFolds,
                  "Folds of the cross-fitted predictions the temperature is fitted on (0: none)")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  cmd->callback([a, rounds, depth] {
    if (a->catalogs.size() != a->parcels.size())
      throw CommandError("give one --parcels file for each --catalog");
    if (a->out.empty() && a->saveFeatures.empty())
      throw CommandError("give --out for the model (or --save-features to only extract features)");
    const auto& calendar = satellite::CropCalendar::shipped();
    satellite::TrainingSet set(calendar);
    for (std::size_t k = 0; k < a->catalogs.size(); ++k) {
      const auto catalog = readCatalog(a->catalogs[k]);
      const auto added =
          set.addCatalog(catalog.items, readParcels(a->parcels[k], false), a->options.threads);
      std::cerr << a->catalogs[k] << ": " << added.used << " labelled parcels, " << added.skipped
                << " skipped\n";
    }
    if (!a->saveFeatures.empty()) try {
        set.writeFeatureFile(a->saveFeatures);
      } catch (const std::exception& e) {
        throw CommandError(e.what());
      }
    for (const auto& file : a->featureFiles) try {
        set.addFeatureFile(file);
      } catch (const std::exception& e) {
        throw CommandError(e.what());
      }
    if (a->out.empty()) return;
    if (set.empty())
      throw CommandError("no labelled parcels (properties.system) could be observed");
    satellite::CropClassifier::TrainReport report;
    satellite::CropClassifier model;
    try {
      if (a->from.empty()) {
        model = satellite::CropClassifier::train(set.rows(), set.labels(), set.classes(),
                                                 set.featureNames(), a->options, &report,
                                                 set.groups());
      } else {
        const auto base = loadModel(a->from);
        auto options = satellite::CropClassifier::fineTuneDefaults();
        options.threads = a->options.threads;
        options.seed = a->options.seed;
        options.calibrationFolds = a->options.calibrationFolds;
        if (depth->count()) options.maxDepth = a->options.maxDepth;
        if (rounds->count()) options.rounds = a->options.rounds;
        model = satellite::CropClassifier::fineTune(base, set.rows(), set.labels(), options,
                                                    &report);
      }
      model.save(a->out);
    } catch (const std::exception& e) {
      throw CommandError(std::string("training failed: ") + e.what());
    }
    std::cout << (a->from.empty() ? "trained on " : "fine-tuned on ") << report.trainRows
              << " parcels; cross-fitted on " << report.validationRows << ": accuracy "
              << report.validationAccuracy << ", log loss " << report.validationLogLoss
              << ", calibration error " << report.calibrationError << ", temperature "
              << report.temperature << "\nwrote " << a->out << "\n";
  });
}

struct SuggestArguments {
  std::string catalog, parcels, model, out;
  int count = 50, threads = 2;
};

void addSuggestLabels(CLI::App& group) {
  auto a = std::make_shared<SuggestArguments>();
  CLI::App* cmd = group.add_subcommand(
      "suggest-labels",
      "Name the parcels whose crop labels would teach the model most about this region");
  cmd->add_option("--catalog", a->catalog, "STAC catalog.json")->required();
  cmd->add_option("--parcels", a->parcels, "GeoJSON parcels (unlabelled)")->required();
  cmd->add_option("--model", a->model, "Crop model (default: the one shipped with Aviary)");
  cmd->add_option("--count", a->count, "How many parcels to name")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--out", a->out, "JSON Lines output (default: stdout)");
  cmd->add_option("--threads", a->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->callback([a] {
    const auto catalog = readCatalog(a->catalog);
    const auto parcels = readParcels(a->parcels, false);
    const auto model = loadModel(a->model);
    std::ofstream file;
    if (!a->out.empty()) {
      file.open(a->out);
      if (!file) throw CommandError("cannot write " + a->out);
    }
    std::ostream& out = a->out.empty() ? std::cout : file;
    satellite::ParcelAssessor assessor(catalog.items, satellite::CropCalendar::shipped(),
                                       {"", a->threads});
    reportSceneProblems(assessor);
    const auto results = assessor.assess(parcels, model);
    const auto suggestions = satellite::LabelSuggester::suggest(results, model.classes(), a->count);
    int rank = 0;
    for (const auto& s : suggestions)
      out << nlohmann::json{{"rank", ++rank},
                            {"parcel_id", s.parcelId},
                            {"likeliest", s.likeliest},
                            {"probability", std::round(s.probability * 1e4) / 1e4},
                            {"runner_up", s.runnerUp},
                            {"runner_up_probability", std::round(s.runnerUpProbability * 1e4) / 1e4},
                            {"flags", s.flags}}
                 .dump()
          << "\n";
    std::cerr << "named " << suggestions.size() << " of " << results.size()
              << " parcels to label; put their crop in properties.system and run 'aviary "
                 "satellite train --from shipped'\n";
  });
}

}  // namespace

void addSatelliteCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("satellite", "Assess farmers' parcels from Sentinel-2 scenes");
  group->require_subcommand(1);
  addAssess(*group);
  addTrain(*group);
  addSuggestLabels(*group);
  addSimulate(*group);
}

}  // namespace aviary::cli
