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
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "SceneSimulator.h"
#include "StacCatalog.h"

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
  cmd->add_option("--max-mu", options->maxAreaMu, "Largest parcel in mu")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
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
  std::string out, saveFeatures;
  satellite::CropClassifier::TrainOptions options;
};

void addTrain(CLI::App& group) {
  auto a = std::make_shared<TrainArguments>();
  CLI::App* cmd =
      group.add_subcommand("train", "Train the crop-system classifier on labelled parcels");
  cmd->add_option("--catalog", a->catalogs, "STAC catalog.json (repeat, paired with --parcels)");
  cmd->add_option("--parcels", a->parcels, "Labelled GeoJSON parcels with properties.system");
  cmd->add_option("--out", a->out, "Model file to write (XGBoost JSON)");
  cmd->add_option("--save-features", a->saveFeatures,
                  "Also write the labelled feature rows (JSON Lines) for later --features runs");
  cmd->add_option("--features", a->featureFiles,
                  "Labelled feature rows from --save-features (repeat)");
  cmd->add_option("--rounds", a->options.rounds, "Boosting rounds")->capture_default_str();
  cmd->add_option("--max-depth", a->options.maxDepth, "Tree depth")->capture_default_str();
  cmd->add_option("--threads", a->options.threads, "Threads")->capture_default_str();
  cmd->add_option("--seed", a->options.seed, "Random seed for the split and sampling")
      ->capture_default_str();
  cmd->callback([a] {
    if (a->catalogs.size() != a->parcels.size())
      throw CommandError("give one --parcels file for each --catalog");
    if (a->out.empty() && a->saveFeatures.empty())
      throw CommandError("give --out for the model (or --save-features to only extract features)");
    const auto& calendar = satellite::CropCalendar::shipped();
    std::vector<std::string> classes;
    for (const auto& s : calendar.systems()) classes.push_back(s.code);
    std::vector<std::vector<float>> rows;
    std::vector<int> labels;
    for (std::size_t k = 0; k < a->catalogs.size(); ++k) {
      const auto catalog = readCatalog(a->catalogs[k]);
      const auto parcels = readParcels(a->parcels[k], false);
      satellite::ParcelAssessor assessor(catalog.items, calendar, {"", a->options.threads});
      const auto results = assessor.observe(parcels);
      int used = 0, skipped = 0;
      for (std::size_t i = 0; i < results.size(); ++i) {
        const int label = calendar.indexOf(parcels[i].system);
        if (!results[i].error.empty() || label < 0) {
          ++skipped;
          continue;
        }
        rows.push_back(results[i].features);
        labels.push_back(label);
        ++used;
      }
      std::cerr << a->catalogs[k] << ": " << used << " labelled parcels, " << skipped
                << " skipped\n";
    }
    if (!a->saveFeatures.empty()) {
      std::ofstream save(a->saveFeatures);
      if (!save) throw CommandError("cannot write " + a->saveFeatures);
      for (std::size_t i = 0; i < rows.size(); ++i)
        save << nlohmann::json{{"system", classes[labels[i]]}, {"features", rows[i]}}.dump()
             << "\n";
    }
    for (const auto& file : a->featureFiles) {
      std::ifstream in(file);
      if (!in) throw CommandError("cannot read features file " + file);
      std::string line;
      while (std::getline(in, line)) {
        const auto row = nlohmann::json::parse(line);
        const int label = calendar.indexOf(row.at("system").get<std::string>());
        if (label < 0) continue;
        std::vector<float> values;  // NaN (missing) was written as null
        for (const auto& v : row.at("features"))
          values.push_back(v.is_number() ? v.get<float>() : NAN);
        rows.push_back(std::move(values));
        labels.push_back(label);
      }
    }
    if (a->out.empty()) return;
    if (rows.empty())
      throw CommandError("no labelled parcels (properties.system) could be observed");
    satellite::CropClassifier::TrainReport report;
    auto model = satellite::CropClassifier::train(
        rows, labels, classes, satellite::ParcelAssessor({}, calendar, {}).featureNames(),
        a->options, &report);
    model.save(a->out);
    std::cout << "trained on " << report.trainRows << " parcels; held-out " << report.validationRows
              << ": accuracy " << report.validationAccuracy << ", log loss "
              << report.validationLogLoss << ", temperature " << report.temperature << "\nwrote "
              << a->out << "\n";
  });
}

}  // namespace

void addSatelliteCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("satellite", "Assess farmers' parcels from Sentinel-2 scenes");
  group->require_subcommand(1);
  addAssess(*group);
  addTrain(*group);
  addSimulate(*group);
}

}  // namespace aviary::cli
