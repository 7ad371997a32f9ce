#include "SatelliteEvidenceSource.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CropCalendar.h"
#include "CropClassifier.h"
#include "GeodesicArea.h"
#include "ParcelAssessor.h"
#include "ParcelQuicklook.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "SatelliteCommands.h"
#include "SatelliteResources.h"
#include "SceneStack.h"
#include "SeasonJudge.h"
#include "StacCatalog.h"

namespace aviary {
namespace {

using namespace satellite;
namespace fs = std::filesystem;

constexpr std::size_t kMaxArtifactParcels = 40;  // keep the evidence small for big farms

double conditionScore(const std::optional<std::string>& condition) {
  if (!condition) return 0;  // fallow: nothing grows
  if (*condition == "exceptional") return 1;
  if (*condition == "favourable") return 2.0 / 3;
  if (*condition == "watch") return 1.0 / 3;
  return 0;
}

// One row of the "parcels" table (docs/artifacts.md, aviary.satellite.parcels/1).
nlohmann::json parcelRow(const ParcelResult& r, double mu) {
  nlohmann::json hazards = nlohmann::json::array();
  for (const auto& h : r.judgement.hazards) {
    hazards.push_back({{"type", h.type}, {"from", h.start}, {"to", h.end}});
    if (!h.basis.empty()) hazards.back()["basis"] = h.basis;
  }
  nlohmann::json row = {{"parcel_id", r.parcelId},
                        {"crop", r.uncertain() ? "uncertain" : r.system},
                        {"best_guess", r.system},
                        {"confidence", std::round(r.systemConfidence * 1e4) / 1e4},
                        {"area_mu", std::round(mu * 100) / 100},
                        {"condition", nullptr},
                        {"expected_value_cny", std::lround(r.judgement.expectedValueCny)},
                        {"hazards", std::move(hazards)},
                        {"flags", r.reportedFlags()}};
  if (r.judgement.condition) row["condition"] = *r.judgement.condition;
  if (r.judgement.seasonUnseen())
    row["unseen"] = {{"from", r.judgement.unseenStart}, {"to", r.judgement.unseenEnd}};
  return row;
}

Artifact parcelTable(nlohmann::json rows) {
  Artifact table;
  table.kind = Artifact::Kind::Table;
  table.name = "parcels";
  table.title = "Crop, area, condition, value and hazards of each parcel";
  table.mediaType = "application/json";
  table.data =
      nlohmann::json{{"schema", "aviary.satellite.parcels/1"}, {"rows", std::move(rows)}}.dump();
  return table;
}

class StageClock {
 public:
  explicit StageClock(Evidence& e) : evidence_(e), start_(std::chrono::steady_clock::now()) {}
  void mark(const std::string& stage) {
    const auto now = std::chrono::steady_clock::now();
    evidence_.timings.push_back(
        {stage, std::chrono::duration<double, std::milli>(now - start_).count()});
    start_ = now;
  }

 private:
  Evidence& evidence_;
  std::chrono::steady_clock::time_point start_;
};

// Each assessed parcel's NDVI series and quicklook, for the first kMaxArtifactParcels of them.
void addParcelArtifacts(Evidence& evidence, const std::vector<SceneItem>& items,
                        const std::vector<Parcel>& parcels,
                        const std::vector<ParcelResult>& results) {
  SceneStack scenes(items);
  std::size_t drawn = 0;
  for (std::size_t i = 0; i < results.size() && drawn < kMaxArtifactParcels; ++i) {
    const auto& r = results[i];
    if (!r.error.empty()) continue;
    ++drawn;
    Artifact series;
    series.kind = Artifact::Kind::TimeSeries;
    series.name = "ndvi_series:" + r.parcelId;
    series.title = "NDVI of parcel " + r.parcelId + " against the normal " + r.system + " curve";
    series.mediaType = "application/json";
    series.data = ParcelResultJson::timeSeries(r).dump();
    evidence.artifacts.push_back(std::move(series));
    Artifact image;
    image.kind = Artifact::Kind::Image;
    image.name = "quicklook:" + r.parcelId;
    image.title = "Parcel " + r.parcelId + ": true colour and NDVI on its clearest day";
    image.mediaType = "image/png";
    image.bytes = ParcelQuicklook::render(scenes, parcels[i], r);
    if (!image.bytes.empty()) evidence.artifacts.push_back(std::move(image));
  }
}

}  // namespace

std::string SatelliteEvidenceSource::version() const {
  return AVIARY_PLUGIN_VERSION;
}

std::shared_ptr<const CropClassifier> SatelliteEvidenceSource::shippedModel() {
  std::lock_guard<std::mutex> lock(modelMutex_);
  if (!model_)
    model_ = std::make_shared<const CropClassifier>(
        CropClassifier::load(CropClassifier::shippedModel()));
  return model_;
}

void SatelliteEvidenceSource::initialize(PluginHost& host) {
  SatelliteResources::setDirectory(host.resourceDirectory());
}

std::vector<CommandDescription> SatelliteEvidenceSource::commands() const {
  return SatelliteCommands::list();
}

int SatelliteEvidenceSource::runCommand(const std::string& name,
                                        const std::vector<std::string>& arguments,
                                        std::ostream& out, std::ostream& err) {
  return SatelliteCommands::run(name, arguments, out, err);
}

SourceDescription SatelliteEvidenceSource::describe() const {
  using Type = FeatureDescriptor::Type;
  SourceDescription d;
  d.summary = "Crop, area, condition and hazards of a farmer's parcels from a year of Sentinel-2";
  d.segments = {"farmer"};
  d.inputs = {
      {"catalog", "path", true, "STAC catalog.json of the scenes over the parcels"},
      {"parcels", "path", true,
       "the farmer's parcels: GeoJSON FeatureCollection, Shapefile or GeoPackage"},
      {"id_field", "string", false,
       "the property that holds each parcel's id, when it is not parcel_id"},
      {"context", "path", false,
       "parcels of the same region (a land register, earlier applicants) read beside the "
       "farmer's so that a few parcels show the region's calendar, NDVI level and crop mix"},
  };
  d.features = {
      {"total_area_mu", Type::Number, "mu", "geodesic area of all parcels"},
      {"expected_value_cny", Type::Number, "cny", "expected value of this season's crops"},
      {"crop_confidence", Type::Number, "ratio", "mean probability of the observed crop system"},
      {"declared_match_ratio", Type::Number, "ratio",
       "share of area where the declared crop is seen"},
      {"hazard_count", Type::Number, "events", "flood, drought and pest events detected"},
      {"condition_score", Type::Number, "ratio", "0 poor .. 1 exceptional, area-weighted"},
      {"expected_yield_kg", Type::Number, "kg", "expected harvest of all assessed parcels"},
      {"fallow_share", Type::Number, "ratio", "share of assessed area where nothing is planted"},
      {"uncertain_share", Type::Number, "ratio",
       "share of assessed area whose crop the model cannot vouch for (referred)"},
      {"parcels_assessed", Type::Number, "parcels", "parcels with a result"},
      {"parcels_failed", Type::Number, "parcels",
       "parcels refused for bad input or no clear scenes"},
  };
  return d;
}

Evidence SatelliteEvidenceSource::assess(const AssessmentRequest& request) {
  const std::string what =
      "give inputs.satellite as {\"catalog\": \"path/to/catalog.json\", \"parcels\": "
      "\"path/to/parcels.geojson\"} (paths relative to the case file)";
  nlohmann::json inputs;
  try {
    inputs = nlohmann::json::parse(request.inputsJson.empty() ? "{}" : request.inputsJson);
  } catch (const nlohmann::json::exception&) {
    return Evidence::unavailable(id(), request.merchantId, "inputs are not JSON; " + what);
  }
  if (!inputs.is_object() || !inputs.contains("catalog") || !inputs["catalog"].is_string() ||
      !inputs.contains("parcels") || !inputs["parcels"].is_string())
    return Evidence::unavailable(id(), request.merchantId, "no scenes or parcels; " + what);
  const fs::path base =
      request.baseDirectory.empty() ? fs::path(".") : fs::path(request.baseDirectory);
  auto resolve = [&](const std::string& p) {
    return fs::path(p).is_absolute() ? fs::path(p) : base / p;
  };

  Evidence evidence;
  evidence.sourceId = id();
  evidence.sourceVersion = version();
  evidence.merchantId = request.merchantId;
  StageClock clock(evidence);
  StacCatalog catalog;
  std::vector<Parcel> parcels, context;
  std::shared_ptr<const CropClassifier> shipped;
  ParcelReader::Options options;
  if (inputs.contains("id_field") && inputs["id_field"].is_string())
    options.idProperty = inputs["id_field"].get<std::string>();
  try {
    catalog = StacCatalog::read(resolve(inputs["catalog"].get<std::string>()));
    parcels = ParcelReader::readFile(resolve(inputs["parcels"].get<std::string>()), options);
  } catch (const std::exception& e) {
    return Evidence::unavailable(id(), request.merchantId, std::string(e.what()) + "; " + what);
  }
  try {
    if (inputs.contains("context") && inputs["context"].is_string())
      context = ParcelReader::readFile(resolve(inputs["context"].get<std::string>()), options);
  } catch (const std::exception& e) {
    return Evidence::unavailable(
        id(), request.merchantId,
        "inputs.satellite.context: " + std::string(e.what()) +
            "; name a register of the region's parcels (paths relative to the case file), or "
            "leave context out");
  }
  try {
    shipped = shippedModel();
  } catch (const std::exception& e) {
    return Evidence::failed(id(), request.merchantId, e.what());
  }
  const CropClassifier& model = *shipped;
  clock.mark("read");

  std::string asOf;
  int y = 0, doy = 0;
  std::string date;
  if (StacCatalog::parseDatetime(request.asOf + "T00:00:00Z", y, doy, date)) asOf = request.asOf;
  ParcelAssessor assessor(catalog.items, CropCalendar::shipped(), {asOf, 2});
  BatchReading batch;
  const auto results = assessor.assess(parcels, model, &batch, context);
  evidence.warnings.insert(evidence.warnings.end(), batch.sceneProblems.begin(),
                           batch.sceneProblems.end());
  clock.mark("assess");

  double totalMu = 0, assessedMu = 0, value = 0, yield = 0, confidence = 0, condition = 0;
  double declaredMu = 0, matchedMu = 0, fallowMu = 0, uncertainMu = 0;
  int hazards = 0, assessed = 0, failed = 0;
  nlohmann::json parcelRows = nlohmann::json::array();
  for (const auto& r : results) {
    const double mu = GeodesicArea::mu(r.areaM2);
    totalMu += mu;
    for (const auto& w : r.warnings) evidence.warnings.push_back("parcel " + r.parcelId + ": " + w);
    if (!r.error.empty()) {
      ++failed;
      evidence.warnings.push_back(r.error);
      continue;
    }
    ++assessed;
    assessedMu += mu;
    value += r.judgement.expectedValueCny;
    yield += r.judgement.expectedYieldKg;
    confidence += mu * r.systemConfidence;
    condition += mu * conditionScore(r.judgement.condition);
    hazards += static_cast<int>(r.judgement.hazards.size());
    if (r.uncertain()) {
      uncertainMu += mu;
      evidence.warnings.push_back("parcel " + r.parcelId + ": crop uncertain (best guess " +
                                  r.system + "); " + r.referral);
    } else if (r.system == "fallow") {
      fallowMu += mu;
    }
    if (!r.uncertain() && r.judgement.seasonUnseen())
      evidence.warnings.push_back("parcel " + r.parcelId + ": " +
                                  SeasonJudge::unseenReason(r.judgement));
    if (r.declaredMatch) {
      declaredMu += mu;
      if (*r.declaredMatch) matchedMu += mu;
    }
    std::ostringstream fact;
    fact.precision(4);
    fact << (r.uncertain() ? "uncertain crop (best guess " + r.system + ")" : r.system) << " on "
         << mu << " mu, condition "
         << (r.judgement.condition ? *r.judgement.condition : std::string("none (fallow)"))
         << ", expected value " << std::lround(r.judgement.expectedValueCny) << " cny";
    for (const auto& h : r.judgement.hazards)
      fact << "; " << h.type << " " << h.start << ".." << h.end
           << (h.basis.empty() ? "" : " (" + h.basis + ")");
    evidence.facts.push_back(
        {"parcel", fact.str(), {"parcel:" + r.parcelId, "xgboost+geodesic", r.systemConfidence}});
    parcelRows.push_back(parcelRow(r, mu));
  }
  if (assessed == 0)
    return Evidence::unavailable(
        id(), request.merchantId,
        "no parcel could be assessed" +
            (results.empty() ? std::string(" (no parcels)") : ": " + results.front().error));

  evidence.features = {
      {"total_area_mu", totalMu},
      {"expected_value_cny", value},
      {"crop_confidence", assessedMu > 0 ? confidence / assessedMu : 0},
      {"declared_match_ratio", declaredMu > 0 ? matchedMu / declaredMu : 0},
      {"hazard_count", hazards},
      {"condition_score", assessedMu > 0 ? condition / assessedMu : 0},
      {"expected_yield_kg", yield},
      {"fallow_share", assessedMu > 0 ? fallowMu / assessedMu : 0},
      {"uncertain_share", assessedMu > 0 ? uncertainMu / assessedMu : 0},
      {"parcels_assessed", assessed},
      {"parcels_failed", failed},
  };

  // How surely the batch was read, and why: the underwriter weighs the crops' confidence by it.
  evidence.facts.push_back(
      {"calibration", batch.temperature.describe(), {"batch", "xgboost temperature", 1.0}});
  evidence.artifacts.push_back(parcelTable(std::move(parcelRows)));
  addParcelArtifacts(evidence, assessor.items(), parcels, results);
  clock.mark("artifacts");
  return evidence;
}

}  // namespace aviary
