#include "SatelliteCommands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "AsciiLower.h"
#include "AssessMemory.h"
#include "BatchRanks.h"
#include "CommandLineRunner.h"
#include "CommandProgress.h"
#include "CropCalendar.h"
#include "CropClassifier.h"
#include "LabelFile.h"
#include "LabelSuggester.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "ParcelResultTable.h"
#include "ParcelsOutsideScenes.h"
#include "RegionPeerCurves.h"
#include "RegionalDrought.h"
#include "RegionalFall.h"
#include "StacCatalog.h"
#include "TrainingSet.h"

namespace aviary::satellite {
namespace {

std::vector<Parcel> readParcels(const std::string& file, const std::string& idField, bool repair) {
  ParcelReader::Options options;
  options.repairInvalid = repair;
  options.idProperty = idField;
  return ParcelReader::readFile(file, options);
}

// The parcels' id property, for every command that reads them.
void addIdFieldOption(CLI::App& app, std::string& idField) {
  app.add_option("--id-field", idField,
                 "The property (or Shapefile field) that holds each parcel's id, when it is not "
                 "parcel_id: a register's own, e.g. GEO_ID; several, comma-separated, make one "
                 "id joined by '/' where one alone repeats (Journalnr,Marknr)")
      ->default_val("parcel_id");
}

// Stops a batch that would not fit in memory before any work (AssessMemory).
void checkMemory(std::size_t parcels, std::size_t scenes) {
  const std::string refusal =
      AssessMemory::refusal(parcels, scenes, AssessMemory::availableBytes());
  if (!refusal.empty()) throw std::runtime_error(refusal);
}

CropClassifier loadModel(const std::string& file, int threads) {
  return CropClassifier::load(file.empty() || file == "shipped" ? CropClassifier::shippedModel()
                                                                : std::filesystem::path(file),
                              threads);
}

void reportSceneProblems(const BatchReading& batch, std::ostream& err) {
  for (const auto& problem : batch.sceneProblems) err << "warning: " << problem << "\n";
}

// Output to a file when one is named, else to `out`.
class OutputChoice {
 public:
  OutputChoice(const std::string& file, std::ostream& fallback) : fallback_(fallback) {
    if (file.empty()) return;
    file_.open(file);
    if (!file_) throw std::runtime_error("cannot write " + file + ": check the folder exists");
  }
  std::ostream& stream() { return file_.is_open() ? file_ : fallback_; }

 private:
  std::ofstream file_;
  std::ostream& fallback_;
};

// What the context parcels did (`read` of them), or that a small batch could use some; empty
// otherwise.
std::string contextNote(const std::vector<Parcel>& parcels, const std::vector<Parcel>& context,
                        std::size_t read, const std::string& file) {
  const auto placed = std::count_if(parcels.begin(), parcels.end(),
                                    [](const Parcel& p) { return p.error.empty(); });
  std::ostringstream note;
  if (!context.empty() && read == 0)
    note << "context: none of the " << context.size() << " parcels of " << file
         << " could be read beside the batch (each is one of the batch's or has no usable "
            "polygon), so the batch is judged alone; given as --parcels, each would get a line "
            "saying what is wrong with it\n";
  else if (!context.empty())
    note << "context: " << read << " of the " << context.size() << " parcels of " << file
         << " were read beside the batch for its region (the nearest "
         << ParcelAssessor::kContextParcels
         << " at most, none of the batch's twice, none without a usable polygon); their lines "
            "are not written\n";
  else if (placed > 0 && placed < static_cast<long>(BatchRanks::kMinParcels))
    note << "a batch of " << placed << (placed == 1 ? " parcel" : " parcels")
         << " is too few to show its region (its calendar, NDVI level, crop mix and peers); "
            "--context can name parcels of the region (a land register, earlier applicants) "
            "to read beside it\n";
  return note.str();
}

struct AssessArguments {
  std::string catalog, parcels, idField, asOf, model, out, context;
  int threads = 2;
  bool repair = false, keepModelMix = false, keepNdviLevel = false, keepSharedFalls = false;
};

void assess(const AssessArguments& a, std::ostream& out, std::ostream& err) {
  if (!a.asOf.empty()) {
    int y = 0, d = 0;
    std::string date;
    if (!StacCatalog::parseDatetime(a.asOf + "T00:00:00Z", y, d, date))
      throw std::invalid_argument("--as-of '" + a.asOf + "' is not a date; write YYYY-MM-DD");
  }
  const auto catalog = StacCatalog::read(a.catalog);
  const auto parcels = readParcels(a.parcels, a.idField, a.repair);
  std::vector<Parcel> context;
  try {
    if (!a.context.empty()) context = readParcels(a.context, a.idField, a.repair);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("--context: ") + e.what() +
                             "; name a register of the region's parcels (GeoJSON, Shapefile or "
                             "GeoPackage), or leave --context out");
  }
  checkMemory(parcels.size() + std::min(context.size(), ParcelAssessor::kContextParcels),
              catalog.items.size());
  const auto model = loadModel(a.model, a.threads);
  OutputChoice output(a.out, out);
  const auto start = std::chrono::steady_clock::now();
  CommandProgress progress(err, "reading scenes");
  ParcelAssessor assessor(catalog.items, CropCalendar::shipped(),
                          {.asOf = a.asOf,
                           .threads = a.threads,
                           .learnCropMix = !a.keepModelMix,
                           .learnNdviLevel = !a.keepNdviLevel,
                           .sharedFallsAreWeather = !a.keepSharedFalls,
                           .progress = progress.callback()});
  BatchReading batch;
  const auto results = assessor.assess(parcels, model, &batch, context);
  progress.finish();
  reportSceneProblems(batch, err);
  err << contextNote(parcels, context, batch.contextRead, a.context) << batch.region.describe()
      << "\n"
      << batch.peers.describe() << "\n"
      << (a.keepNdviLevel ? "NDVI level: read as measured (--no-ndvi-level)"
                          : batch.level.describe())
      << "\n"
      << "calibration: " << batch.temperature.describe() << "\n"
      << (a.keepModelMix ? "crop mix: not learnt from the batch (--no-crop-mix)"
                         : batch.mix.describe(model.classes()))
      << "\n";
  const std::string format = asciiLower(std::filesystem::path(a.out).extension().string());
  const bool table = format == ".csv" || format == ".geojson";
  std::vector<nlohmann::json> lines;
  int failed = 0, uncertain = 0, unseen = 0, mixed = 0, regional = 0, peers = 0, sharedFall = 0;
  auto hasBasis = [](const ParcelResult& r, const std::string& basis) {
    return std::any_of(r.judgement.hazards.begin(), r.judgement.hazards.end(),
                       [&](const HazardEvent& h) { return h.basis == basis; });
  };
  for (const auto& r : results) {
    if (table)
      lines.push_back(ParcelResultJson::line(r, model.classes()));
    else
      output.stream() << ParcelResultJson::line(r, model.classes()).dump() << "\n";
    failed += !r.error.empty();
    uncertain += r.error.empty() && r.uncertain();
    unseen += r.error.empty() && r.judgement.seasonUnseen();
    mixed += r.error.empty() && r.mixedPixels();
    regional += hasBasis(r, RegionalDrought::kBasis);
    peers += hasBasis(r, RegionPeerCurves::kBasis);
    sharedFall += r.error.empty() && RegionalFall::tookBack(r);
  }
  if (format == ".csv") ParcelResultTable(lines).writeCsv(output.stream());
  if (format == ".geojson") ParcelResultTable(lines).writeGeoJson(output.stream(), parcels);
  const std::string place = ParcelsOutsideScenes::describe(parcels, results, catalog.items);
  if (!place.empty()) err << place << "\n";
  if (regional > 0)
    err << regional << " parcels fell short with their neighbours: a drought the batch shows "
        << "(\"basis\": \"regional\" in their lines), not the field alone\n";
  if (peers > 0)
    err << peers << " parcels have a pest or drought that only their region's own fields of the "
        << "crop showed, not crops.csv's curve (\"basis\": \"peers\" in their lines): weaker "
        << "evidence, worth a look before acting on it\n";
  if (sharedFall > 0)
    err << sharedFall << " parcels fell on the same dates as a tenth of the batch: the region's "
        << "weather, not pests (their lines' warnings give the dates; --keep-shared-falls "
        << "names them as pests)\n";
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  err << "assessed " << results.size() << (results.size() == 1 ? " parcel (" : " parcels (")
      << failed << " with errors, " << uncertain << " with an uncertain crop, " << unseen
      << " with a month of the season unseen, " << mixed
      << " seen mostly through their neighbours' pixels) against " << assessor.items().size()
      << " scenes in " << std::round(seconds * 10) / 10 << " s\n";
}

int runAssess(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  CLI::App app{"Assess parcels against a STAC catalog", "aviary satellite assess"};
  AssessArguments a;
  app.add_option("--catalog", a.catalog,
                 "STAC catalog.json, or a STAC API search result saved to a file")
      ->required();
  app.add_option("--parcels", a.parcels,
                 "GeoJSON FeatureCollection of parcels (WGS 84, or the EPSG CRS its crs member "
                 "names), or a Shapefile or GeoPackage of one polygon layer in its own CRS")
      ->required();
  addIdFieldOption(app, a.idField);
  app.add_option("--as-of", a.asOf, "Ignore scenes after this day (YYYY-MM-DD)");
  app.add_option("--model", a.model, "Crop model (default: the one shipped with Aviary)");
  app.add_option("--out", a.out,
                 "JSON Lines output (default: stdout); a file named .csv gets a spreadsheet, "
                 ".geojson a map of the parcels with their results (for QGIS)");
  app.add_option("--threads", a.threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_flag("--repair-invalid", a.repair,
               "Repair self-intersecting polygons instead of refusing them");
  app.add_option("--context", a.context,
                 "Parcels of the same region (a land register, earlier applicants; same formats "
                 "as --parcels) read beside these, so that a merchant's few show the region's "
                 "calendar, NDVI level, crop mix and peers as a batch of the region does; the "
                 "300 nearest are read, and their lines are not written");
  app.add_flag("--no-crop-mix", a.keepModelMix,
               "Keep the model's own crop shares: do not lean the probabilities towards the "
               "crop mix the batch shows (for a sample drawn on purpose, not a region)");
  app.add_flag("--no-ndvi-level", a.keepNdviLevel,
               "Read the parcels' NDVI as measured: do not move the batch's NDVI level to where "
               "the model is surest of it (for a batch that spans regions or sensors)");
  app.add_flag("--keep-shared-falls", a.keepSharedFalls,
               "Name every pest the judge finds, even a fall that a tenth of the batch shares on "
               "the same dates, otherwise taken as the region's weather and named in the "
               "parcels' warnings (for a batch known to share one storm or outbreak)");
  return runCommandLine(app, arguments, out, err, [&] { assess(a, out, err); });
}

struct TrainArguments {
  std::vector<std::string> catalogs, parcels, featureFiles, sources;
  std::string idField, labels, out, saveFeatures, from;
  CropClassifier::TrainOptions options;
  bool roundsGiven = false, depthGiven = false;
};

// What a --labels file gave, and which of its rows and ids were of no use.
void reportLabelFile(const LabelFile& labels, const std::string& file, std::ostream& err) {
  err << file << ": " << labels.labels() << " labels, " << labels.blankRows()
      << " rows not labelled yet";
  const auto unmatched = labels.unmatchedIds();
  if (!unmatched.empty()) {
    err << "; " << unmatched.size() << " ids are in none of the parcels files (";
    for (std::size_t i = 0; i < unmatched.size() && i < 5; ++i)
      err << (i ? ", " : "") << unmatched[i];
    err << (unmatched.size() > 5 ? ", ..." : "") << "): check --id-field and the ids";
  }
  err << "\n";
  if (!labels.encodingNote().empty()) err << "note: " << labels.encodingNote() << "\n";
  for (const auto& problem : labels.problems())
    err << "warning: " << file << " line " << problem.line << ": " << problem.message << "\n";
}

// The model that tells which system a label naming several ("maize") means: the one train
// starts from, else the shipped one; none when it cannot be read (those labels are skipped).
std::optional<CropClassifier> labelResolver(const TrainArguments& a, const TrainingSet& set,
                                            std::ostream& err) {
  const std::string name = a.from.empty() || a.from == "scratch" ? "shipped" : a.from;
  try {
    CropClassifier model = loadModel(name, a.options.threads);
    if (model.featureNames() == set.featureNames()) return model;
    err << "labels naming several systems are skipped: the " << name
        << " model was trained on other features than this version of Aviary computes; give "
           "their system codes (maize_spring), or --from a model this version trained\n";
  } catch (const std::exception& e) {
    err << "labels naming several systems are skipped: no model to tell them apart (" << e.what()
        << "); give their system codes (maize_spring)\n";
  }
  return std::nullopt;
}

// What the labels naming several systems came to in one catalog (`resolved`: a model told
// them apart where it was sure).
void reportSharedNames(const TrainingSet::Added& added, bool resolved, std::ostream& err) {
  if (added.shared == 0) return;
  err << "  " << added.shared << " labels name a crop several systems share (maize, rice): ";
  if (!resolved)
    err << "skipped, no model to tell them apart";
  else
    err << added.told << " told apart by their scenes";
  if (resolved && added.told < added.shared)
    err << ", " << added.shared - added.told << " skipped, the scenes unsure";
  if (added.told < added.shared) err << " (give their system code, e.g. maize_spring)";
  err << "\n";
}

TrainingSet gatherTrainingSet(const TrainArguments& a, std::ostream& err) {
  TrainingSet set(CropCalendar::shipped());
  std::optional<LabelFile> labels;
  if (!a.labels.empty()) labels = LabelFile::read(a.labels, CropCalendar::shipped());
  std::optional<CropClassifier> resolver;
  bool resolverLoaded = false;  // once a label names several systems: the model is 60 MB
  for (std::size_t k = 0; k < a.catalogs.size(); ++k) {
    const auto catalog = StacCatalog::read(a.catalogs[k]);
    auto parcels = readParcels(a.parcels[k], a.idField, false);
    checkMemory(parcels.size(), catalog.items.size());
    if (labels) labels->applyTo(parcels);
    if (!resolverLoaded && std::any_of(parcels.begin(), parcels.end(), [](const Parcel& p) {
          return CropCalendar::shipped().systemsNamed(p.system).size() > 1;
        })) {
      resolver = labelResolver(a, set, err);
      resolverLoaded = true;
    }
    CommandProgress progress(
        err, "reading scenes " + std::to_string(k + 1) + "/" + std::to_string(a.catalogs.size()));
    const auto added = set.addCatalog(catalog.items, parcels, a.options.threads,
                                      progress.callback(), resolver ? &*resolver : nullptr);
    progress.finish();
    err << a.catalogs[k] << ": " << added.used << " labelled parcels, " << added.skipped
        << " skipped\n";
    reportSharedNames(added, resolver.has_value(), err);
  }
  if (labels) reportLabelFile(*labels, a.labels, err);
  if (!a.saveFeatures.empty()) set.writeFeatureFile(a.saveFeatures);
  for (std::size_t k = 0; k < a.featureFiles.size(); ++k)
    set.addFeatureFile(a.featureFiles[k], a.sources.empty() ? "" : a.sources[k]);
  return set;
}

struct TrainedModel {
  CropClassifier model;
  CropClassifier::TrainReport report;
  bool fineTuned = false;
};

TrainedModel trainFromScratch(const TrainingSet& set, const TrainArguments& a, std::ostream& err) {
  CommandProgress progress(err, "fitting from scratch");
  auto options = a.options;
  options.progress = progress.callback();
  TrainedModel t;
  t.model =
      CropClassifier::train(set.trainingRows(), set.labels(), set.classes(), set.featureNames(),
                            options, &t.report, set.groups(), set.sources());
  progress.finish();
  return t;
}

// A model can only be fine-tuned on rows of its own crops and features.
bool knowsCropsAndFeatures(const CropClassifier& base, const TrainingSet& set) {
  return base.classes() == set.classes() && base.featureNames() == set.featureNames();
}

TrainedModel fineTuneFrom(const CropClassifier& base, const TrainingSet& set,
                          const TrainArguments& a, std::ostream& err) {
  CommandProgress progress(err, "fine-tuning");
  auto options = CropClassifier::fineTuneDefaults();
  options.threads = a.options.threads;
  options.seed = a.options.seed;
  options.calibrationFolds = a.options.calibrationFolds;
  if (a.depthGiven) options.maxDepth = a.options.maxDepth;
  if (a.roundsGiven) options.rounds = a.options.rounds;
  options.progress = progress.callback();
  TrainedModel t;
  t.model = CropClassifier::fineTune(base, set.trainingRows(false), set.labels(), options,
                                     &t.report, set.groups());
  progress.finish();
  t.fineTuned = true;
  return t;
}

// Without --from: from scratch and from the shipped model, keeping the one whose cross-fitted
// log loss on the labels is lower. Both are cross-fitted on the same folds, so the labels
// themselves say whether the shipped model's simulated regions help here or mislead.
TrainedModel trainOrAdaptShipped(const TrainingSet& set, const TrainArguments& a,
                                 std::ostream& err) {
  TrainedModel scratch = trainFromScratch(set, a, err);
  if (scratch.report.validationRows == 0) {
    err << "too few labelled parcels to compare training from scratch with fine-tuning the "
           "shipped model: trained from scratch (or give --from shipped)\n";
    return scratch;
  }
  CropClassifier shipped;
  try {
    shipped = loadModel("shipped", a.options.threads);
  } catch (const std::exception& e) {
    err << "the shipped model cannot be read (" << e.what() << "): trained from scratch\n";
    return scratch;
  }
  if (!knowsCropsAndFeatures(shipped, set)) {
    err << "the shipped model knows other crops or features than these labels: trained from "
           "scratch\n";
    return scratch;
  }
  TrainedModel tuned = fineTuneFrom(shipped, set, a, err);
  const bool keepTuned = tuned.report.validationLogLoss < scratch.report.validationLogLoss;
  err << "cross-fitted log loss: " << scratch.report.validationLogLoss << " from scratch, "
      << tuned.report.validationLogLoss << " fine-tuning the shipped model; kept "
      << (keepTuned ? "the fine-tuned shipped model" : "the model trained from scratch") << "\n";
  return keepTuned ? std::move(tuned) : std::move(scratch);
}

TrainedModel trainModel(const TrainingSet& set, const TrainArguments& a, std::ostream& err) {
  if (a.from.empty()) return trainOrAdaptShipped(set, a, err);
  if (a.from == "scratch") return trainFromScratch(set, a, err);
  const CropClassifier base = loadModel(a.from, a.options.threads);
  if (!knowsCropsAndFeatures(base, set))
    throw std::invalid_argument(a.from +
                                " was trained on other crops or features than this "
                                "version of Aviary computes; give --from scratch to train anew");
  return fineTuneFrom(base, set, a, err);
}

void train(const TrainArguments& a, std::ostream& out, std::ostream& err) {
  if (a.catalogs.size() != a.parcels.size())
    throw std::invalid_argument("give one --parcels file for each --catalog");
  if (!a.sources.empty() && a.sources.size() != a.featureFiles.size())
    throw std::invalid_argument("give one --source for each --features file (" +
                                std::to_string(a.sources.size()) + " for " +
                                std::to_string(a.featureFiles.size()) + "), or none");
  if (a.out.empty() && a.saveFeatures.empty())
    throw std::invalid_argument(
        "give --out for the model (or --save-features to only extract features)");
  // Before the scenes are read, which can take minutes.
  if (!a.from.empty() && a.from != "scratch" && a.from != "shipped" &&
      !std::filesystem::exists(a.from))
    throw std::invalid_argument("--from " + a.from +
                                " not found; give a model file 'aviary satellite train' wrote, "
                                "'shipped' or 'scratch'");
  const auto set = gatherTrainingSet(a, err);
  if (a.out.empty()) return;
  if (set.empty())
    throw std::runtime_error(
        "no labelled parcels could be observed: give each parcel its crop in properties.system "
        "or in a --labels CSV, and check that the catalog covers the parcels");
  const TrainedModel trained = trainModel(set, a, err);
  if (!a.sources.empty() && trained.fineTuned)
    err << "--source was not used: a fine-tuned model is calibrated on its labels' own regions "
           "(give --from scratch to use the sources)\n";
  const CropClassifier::TrainReport& report = trained.report;
  trained.model.save(a.out);
  out << (trained.fineTuned ? "fine-tuned on " : "trained on ") << report.trainRows << " parcels";
  if (trained.fineTuned)
    out << " (" << report.addedRounds << " rounds of trees added)";
  else
    out << " (" << report.rounds << " rounds of trees)";
  out << "; cross-fitted on " << report.validationRows << ": accuracy " << report.validationAccuracy
      << ", log loss " << report.validationLogLoss << ", calibration error "
      << report.calibrationError << ", temperature " << report.temperature;
  if (report.temperatureSlope > 0)
    out << " at a region's median normal-curve error of " << report.strangenessAt
        << ", log temperature rising " << report.temperatureSlope << " per unit of it";
  if (report.sources >= 2)
    out << "; the batch temperature fitted on " << report.sources
        << " sources each predicted by trees that never saw it (calibration error there "
        << report.acrossSourcesCalibrationError << ")";
  out << "\nwrote " << a.out << "\n";
}

int runTrain(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  CLI::App app{"Train the crop-system classifier on labelled parcels", "aviary satellite train"};
  TrainArguments a;
  app.add_option("--catalog", a.catalogs,
                 "STAC catalog.json or saved search result (repeat, paired with --parcels)");
  app.add_option("--parcels", a.parcels,
                 "Labelled parcels with properties.system (GeoJSON, Shapefile or GeoPackage)");
  addIdFieldOption(app, a.idField);
  app.add_option("--labels", a.labels,
                 "CSV of parcel_id,system giving the parcels' crops (over properties.system): "
                 "suggest-labels' CSV with its system column filled in. A crop may be named as "
                 "farmers do; a name several systems share (maize, rice) gets the one the "
                 "model finds likeliest for the parcel, where it is sure");
  app.add_option("--out", a.out,
                 "Model file to write: XGBoost JSON, or its binary form for a name ending in "
                 ".ubj (a third the load time; the shipped model is one)");
  app.add_option("--from", a.from,
                 "Fine-tune this model (a file, or 'shipped') with the labels, or 'scratch' to "
                 "train anew. Default: both from scratch and from the shipped model, keeping the "
                 "one whose cross-fitted log loss on the labels is lower");
  app.add_option("--save-features", a.saveFeatures,
                 "Also write the labelled feature rows (JSON Lines) for later --features runs");
  app.add_option("--features", a.featureFiles,
                 "Labelled feature rows from --save-features (repeat; each file is one region)");
  app.add_option("--source", a.sources,
                 "Where each --features file's scenes came from (repeat, one per file, in "
                 "order: a simulator, a satellite, a survey). With two or more, each source is "
                 "also predicted by trees trained on the others, and the temperature is fitted "
                 "on those predictions, so that it allows for scenes unlike any trained on");
  auto* rounds =
      app.add_option("--rounds", a.options.rounds,
                     "The most boosting rounds (default 150; fine-tuning: the most rounds "
                     "added, 320); cross-fitting keeps as many as the labels bear");
  auto* depth =
      app.add_option("--max-depth", a.options.maxDepth, "Tree depth (default 5; fine-tuning 4)");
  app.add_option("--threads", a.options.threads, "Threads for reading scenes and training")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--seed", a.options.seed, "Random seed for the folds and sampling")
      ->capture_default_str();
  app.add_option("--calibration-folds", a.options.calibrationFolds,
                 "Folds of the cross-fitted predictions the temperature is fitted on (0: none)")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  return runCommandLine(app, arguments, out, err, [&] {
    a.roundsGiven = rounds->count() > 0;
    a.depthGiven = depth->count() > 0;
    train(a, out, err);
  });
}

struct SuggestArguments {
  std::string catalog, parcels, idField, model, out;
  int count = 50, threads = 2;
};

nlohmann::json suggestionLine(int rank, const LabelSuggester::Suggestion& s) {
  auto rounded = [](double p) { return std::round(p * 1e4) / 1e4; };
  return {{"rank", rank},
          {"parcel_id", s.parcelId},
          {"likeliest", s.likeliest},
          {"probability", rounded(s.probability)},
          {"runner_up", s.runnerUp},
          {"runner_up_probability", rounded(s.runnerUpProbability)},
          {"flags", s.flags}};
}

void suggestLabels(const SuggestArguments& a, std::ostream& out, std::ostream& err) {
  const auto catalog = StacCatalog::read(a.catalog);
  const auto parcels = readParcels(a.parcels, a.idField, false);
  checkMemory(parcels.size(), catalog.items.size());
  const auto model = loadModel(a.model, a.threads);
  OutputChoice output(a.out, out);
  CommandProgress progress(err, "reading scenes");
  ParcelAssessor assessor(catalog.items, CropCalendar::shipped(),
                          {.threads = a.threads, .progress = progress.callback()});
  BatchReading batch;
  const auto results = assessor.assess(parcels, model, &batch);
  progress.finish();
  reportSceneProblems(batch, err);
  const auto suggestions = LabelSuggester::suggest(results, model.classes(), a.count);
  // A spreadsheet for field agents gets an empty system column, which train --labels reads.
  const bool csv = asciiLower(std::filesystem::path(a.out).extension().string()) == ".csv";
  std::vector<nlohmann::json> lines;
  int rank = 0;
  for (const auto& s : suggestions) {
    auto line = suggestionLine(++rank, s);
    if (csv) {
      line["system"] = nullptr;
      lines.push_back(std::move(line));
    } else {
      output.stream() << line.dump() << "\n";
    }
  }
  if (csv) ParcelResultTable(lines).writeCsv(output.stream());
  err << "named " << suggestions.size() << " of " << results.size() << " parcels to label; "
      << (csv ? "fill in their system column and run 'aviary satellite train --labels " + a.out +
                    "'"
              : std::string("put their crop in properties.system and run 'aviary satellite "
                            "train'"))
      << " (it fine-tunes the shipped model when the labels favour it)\n";
}

int runSuggestLabels(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err) {
  CLI::App app{"Name the parcels whose crop labels would teach the model most about this region",
               "aviary satellite suggest-labels"};
  SuggestArguments a;
  app.add_option("--catalog", a.catalog,
                 "STAC catalog.json, or a STAC API search result saved to a file")
      ->required();
  app.add_option("--parcels", a.parcels, "Parcels (GeoJSON, Shapefile or GeoPackage)")->required();
  addIdFieldOption(app, a.idField);
  app.add_option("--model", a.model, "Crop model (default: the one shipped with Aviary)");
  app.add_option("--count", a.count, "How many parcels to name")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--out", a.out,
                 "JSON Lines output (default: stdout); a file named .csv gets a spreadsheet "
                 "with an empty system column to fill in for train --labels");
  app.add_option("--threads", a.threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  return runCommandLine(app, arguments, out, err, [&] { suggestLabels(a, out, err); });
}

}  // namespace

std::vector<CommandDescription> SatelliteCommands::list() {
  return {{"assess", "Assess parcels against a STAC catalog"},
          {"train", "Train the crop-system classifier on labelled parcels"},
          {"suggest-labels",
           "Name the parcels whose crop labels would teach the model most about this region"}};
}

int SatelliteCommands::run(const std::string& name, const std::vector<std::string>& arguments,
                           std::ostream& out, std::ostream& err) {
  if (name == "assess") return runAssess(arguments, out, err);
  if (name == "train") return runTrain(arguments, out, err);
  if (name == "suggest-labels") return runSuggestLabels(arguments, out, err);
  err << "aviary satellite has no command '" << name << "': see 'aviary satellite --help'\n";
  return 2;
}

}  // namespace aviary::satellite
