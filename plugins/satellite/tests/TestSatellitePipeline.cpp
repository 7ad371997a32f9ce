#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numbers>
#include <set>

#include "AssessMemory.h"
#include "BatchNdviLevel.h"
#include "CloudMask.h"
#include "CropCalendar.h"
#include "CropClassifier.h"
#include "EqualAreaReference.h"
#include "GeodesicArea.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "ParcelResultJson.h"
#include "RegionCalendar.h"
#include "SatelliteEvidenceSource.h"
#include "SceneSimulator.h"
#include "SceneStack.h"
#include "StacCatalog.h"
#include "UrlQueryMask.h"

using namespace aviary;
using namespace aviary::satellite;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json readJson(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}
void writeJson(const fs::path& file, const json& j) {
  std::ofstream(file) << j.dump(1);
}

std::map<std::string, json> truthById(const fs::path& dir) {
  std::map<std::string, json> truth;
  std::ifstream in(dir / "truth.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const json t = json::parse(line);
    truth[t["parcel_id"]] = t;
  }
  return truth;
}

const ParcelResult& byId(const std::vector<ParcelResult>& results, const std::string& id) {
  for (const auto& r : results)
    if (r.parcelId == id) return r;
  throw std::runtime_error("no result for " + id);
}

bool contains(const std::vector<std::string>& lines, const std::string& a, const std::string& b) {
  for (const auto& l : lines)
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return true;
  return false;
}

// Writes each item as items/<id>.json under `dir`, and a catalog.json that links them all.
void writeCatalog(const fs::path& dir, const std::vector<json>& items) {
  json links = json::array();
  for (const json& item : items) {
    const std::string file = "items/" + item["id"].get<std::string>() + ".json";
    writeJson(dir / file, item);
    links.push_back({{"rel", "item"}, {"href", file}});
  }
  writeJson(dir / "catalog.json", {{"type", "Catalog"}, {"links", links}});
}

// Writes band `source` again as `out` (GeoTIFF), each stored value through `map`, as `type`;
// with `coarser` > 1 on a grid that many times coarser, by `resampling`.
bool rewriteBand(const std::string& source, const fs::path& out,
                 const std::function<double(std::uint16_t)>& map, GDALDataType type,
                 int coarser = 1, const char* resampling = "nearest") {
  GDALDatasetUniquePtr in(GDALDataset::Open(source.c_str(), GDAL_OF_RASTER));
  if (!in) return false;
  const int w = in->GetRasterXSize(), h = in->GetRasterYSize();
  std::vector<std::uint16_t> values(static_cast<std::size_t>(w) * h);
  if (in->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, values.data(), w, h, GDT_UInt16, 0, 0,
                                     nullptr) != CE_None)
    return false;
  std::vector<double> mappedValues(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) mappedValues[i] = map(values[i]);
  GDALDatasetUniquePtr mapped(
      GetGDALDriverManager()->GetDriverByName("MEM")->Create("", w, h, 1, type, nullptr));
  std::array<double, 6> gt{};
  in->GetGeoTransform(gt.data());
  mapped->SetGeoTransform(gt.data());
  mapped->SetSpatialRef(in->GetSpatialRef());
  if (mapped->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, w, h, mappedValues.data(), w, h,
                                         GDT_Float64, 0, 0, nullptr) != CE_None)
    return false;
  const std::string resolution = std::to_string(gt[1] * coarser);
  std::vector<const char*> args = {"-of", "GTiff"};
  if (coarser > 1)
    for (const char* a : {"-tr", resolution.c_str(), resolution.c_str(), "-r", resampling})
      args.push_back(a);
  args.push_back(nullptr);
  GDALTranslateOptions* options = GDALTranslateOptionsNew(const_cast<char**>(args.data()), nullptr);
  GDALDatasetH written =
      GDALTranslate(out.c_str(), GDALDataset::ToHandle(mapped.get()), options, nullptr);
  GDALTranslateOptionsFree(options);
  if (!written) return false;
  GDALClose(written);
  return true;
}

// Whether `served` saw every clear look of `contract` (the same parcels) in the same red.
bool sameRedLooks(const std::vector<ParcelResult>& contract,
                  const std::vector<ParcelResult>& served) {
  int looks = 0, close = 0;
  for (std::size_t i = 0; i < contract.size() && i < served.size(); ++i) {
    const auto& a = contract[i].series.observations;
    const auto& b = served[i].series.observations;
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
      if (a[k].clearFraction < 0.9) continue;
      ++looks;
      close += std::fabs(a[k].reflectance[kB04] - b[k].reflectance[kB04]) < 1e-6;
    }
  }
  return looks >= 50 && close == looks;
}

// The lon/lat of the middle of a raster's western edge; infinite when it cannot be read.
std::pair<double, double> westEdgeMiddle(const fs::path& raster) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(raster.c_str(), GDAL_OF_RASTER));
  if (!ds || !ds->GetSpatialRef()) return {INFINITY, 0};
  std::array<double, 6> gt{};
  ds->GetGeoTransform(gt.data());
  OGRSpatialReference lonLat;
  lonLat.importFromEPSG(4326);
  lonLat.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> toLonLat(
      OGRCreateCoordinateTransformation(ds->GetSpatialRef(), &lonLat));
  double x = gt[0], y = gt[3] + gt[5] * ds->GetRasterYSize() / 2;
  if (!toLonLat || !toLonLat->Transform(1, &x, &y)) return {INFINITY, 0};
  return {x, y};
}

// Whether what opening the items found says `text`.
bool mentions(const std::vector<SceneItem>& read, const char* text) {
  for (const auto& line : SceneStack(read).itemProblems())
    if (line.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

class TestSatellitePipeline : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  fs::path sim_;
  std::vector<Parcel> simParcels_;
  std::vector<ParcelResult> simLooks_;  // the simulator's catalog observed, as the contract reads

  // The simulator's parcels, and their looks as its catalog gives them.
  const std::vector<ParcelResult>& contractLooks() {
    if (simLooks_.empty()) {
      simParcels_ = ParcelReader::readFile(sim_ / "parcels.geojson", {});
      simLooks_ = ParcelAssessor(StacCatalog::read(sim_ / "catalog.json").items,
                                 CropCalendar::shipped(), {"", 2})
                      .observe(simParcels_);
    }
    return simLooks_;
  }
  // The simulator's items written again as catalog `name`, their hrefs absolute, each item's
  // JSON through `change` (given the folder its relative hrefs start from), and read back;
  // empty when a change fails.
  std::vector<SceneItem> simulatorItemsAs(
      const std::string& name,
      const std::function<bool(const SceneItem&, json&, const fs::path&)>& change) {
    const fs::path dir = fs::path(dir_.path().toStdString()) / name;
    fs::create_directories(dir / "items");
    std::vector<json> written;
    for (const auto& item : StacCatalog::read(sim_ / "catalog.json").items) {
      json j = readJson(item.file);
      for (auto& [key, asset] : j["assets"].items()) asset["href"] = item.assets.at(key);
      if (!change(item, j, dir / "items")) return {};
      written.push_back(j);
    }
    writeCatalog(dir, written);
    return StacCatalog::read(dir / "catalog.json").items;
  }
  // Whether `read` (the simulator's scenes as another server stores them) gives the same clear
  // looks in the same red as the simulator's own catalog.
  bool readsAsTheContract(const std::vector<SceneItem>& read) {
    const auto& contract = contractLooks();
    return !read.empty() &&
           sameRedLooks(
               contract,
               ParcelAssessor(read, CropCalendar::shipped(), {"", 2}).observe(simParcels_));
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    sim_ = fs::path(dir_.path().toStdString()) / "sim";
    SceneSimulator::Options o;
    o.seed = 4242;
    o.parcels = 24;
    o.dates = 20;
    o.maxAreaMu = 40;
    SceneSimulator::write(sim_, o);
  }

  void simulatorWritesTheContract() {
    const json catalog = readJson(sim_ / "catalog.json");
    QCOMPARE(catalog["stac_version"].get<std::string>(), std::string("1.0.0"));
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;
    QCOMPARE(items.size(), std::size_t(20));
    std::set<int> epsgs;
    for (const auto& item : items) {
      QVERIFY2(item.error.empty(), item.error.c_str());
      QCOMPARE(item.assets.size(), std::size_t(8));
      epsgs.insert(item.epsg);
    }
    QVERIFY(epsgs.count(32650) == 1);
    const auto parcels = ParcelReader::readFile(sim_ / "parcels.geojson", {});
    const auto truth = truthById(sim_);
    QCOMPARE(parcels.size(), std::size_t(24));
    for (const auto& p : parcels) {
      QVERIFY2(p.error.empty(), p.error.c_str());
      QVERIFY(!p.system.empty() && !p.declaredSystem.empty());
      // The assessor's geodesic area against the simulator's equal-area truth.
      const double expected = truth.at(p.id)["area_m2"].get<double>();
      QVERIFY2(std::fabs(p.areaM2 - expected) / expected < 0.001, p.id.c_str());
    }
  }

  void badScenesAndParcelsAreReportedAndTheRestCarryOn() {
    const fs::path bad = fs::path(dir_.path().toStdString()) / "bad";
    fs::copy(sim_, bad, fs::copy_options::recursive);
    json catalog = readJson(bad / "catalog.json");
    std::vector<fs::path> itemFiles;
    for (const auto& l : catalog["links"])
      if (l["rel"] == "item") itemFiles.push_back(bad / l["href"].get<std::string>());
    // 0: truncated B04; 1: no SCL; 2: no B08; 3: bad date; 4, 5: last autumn; then a link
    // to a missing file.
    json i0 = readJson(itemFiles[0]);
    const fs::path b04 =
        itemFiles[0].parent_path() / i0["assets"]["B04"]["href"].get<std::string>();
    fs::resize_file(b04, fs::file_size(b04) / 3);
    json i1 = readJson(itemFiles[1]);
    i1["assets"].erase("SCL");
    writeJson(itemFiles[1], i1);
    json i2 = readJson(itemFiles[2]);
    i2["assets"].erase("B08");
    writeJson(itemFiles[2], i2);
    json i3 = readJson(itemFiles[3]);
    i3["properties"]["datetime"] = "2026-02-30T10:00:00Z";
    writeJson(itemFiles[3], i3);
    for (const auto& [k, datetime] :
         {std::pair{4, "2025-12-01T10:00:00Z"}, std::pair{5, "2025-11-10T10:00:00Z"}}) {
      json item = readJson(itemFiles[k]);
      item["properties"]["datetime"] = datetime;
      writeJson(itemFiles[k], item);
    }
    catalog["links"].push_back({{"rel", "item"}, {"href", "./items/gone.json"}});
    // Item 6 again, as a search over two collections gives it: read once.
    json again = readJson(itemFiles[6]);
    again["id"] = again["id"].get<std::string>() + "_again";
    writeJson(itemFiles[6].parent_path() / "again.json", again);
    catalog["links"].push_back(
        {{"rel", "item"},
         {"href", fs::relative(itemFiles[6].parent_path() / "again.json", bad).string()}});
    writeJson(bad / "catalog.json", catalog);
    json parcels = readJson(bad / "parcels.geojson");
    // "far" also declares half as much again as its 17 mu, and a crop crops.csv lacks.
    parcels["features"].push_back(
        {{"type", "Feature"},
         {"properties",
          {{"parcel_id", "far"}, {"declared_area_mu", 26}, {"declared_system", "cowpea"}}},
         {"geometry",
          {{"type", "Polygon"},
           {"coordinates",
            {{{100, 20}, {100.001, 20}, {100.001, 20.001}, {100, 20.001}, {100, 20}}}}}}});
    parcels["features"].push_back(
        {{"type", "Feature"},
         {"properties", {{"parcel_id", "open"}}},
         {"geometry",
          {{"type", "Polygon"},
           {"coordinates", {{{100, 20}, {100.001, 20}, {100.001, 20.001}, {100, 20.001}}}}}}});
    // Squares astride the scenes' western edge (the westernmost item's): 80 % inside, and 20 %.
    std::pair<double, double> edge{INFINITY, 0};
    for (const auto& file : itemFiles) {
      const json item = readJson(file);
      if (item["assets"].contains("B08"))
        edge = std::min(edge, westEdgeMiddle(file.parent_path() /
                                             item["assets"]["B08"]["href"].get<std::string>()));
    }
    const auto [west, middle] = edge;
    QVERIFY(std::isfinite(west));
    for (const auto& [id, inside] : {std::pair{"astride", 8e-4}, std::pair{"mostly_out", 2e-4}}) {
      const double x0 = west + inside - 1e-3, x1 = west + inside, y1 = middle + 1e-3;
      parcels["features"].push_back(
          {{"type", "Feature"},
           {"properties", {{"parcel_id", id}}},
           {"geometry",
            {{"type", "Polygon"},
             {"coordinates", {{{x0, middle}, {x1, middle}, {x1, y1}, {x0, y1}, {x0, middle}}}}}}});
    }
    writeJson(bad / "parcels.geojson", parcels);

    const auto items = StacCatalog::read(bad / "catalog.json").items;
    ParcelAssessor assessor(items, CropCalendar::shipped(), {"", 2});
    const auto problems = assessor.sceneProblems();
    QVERIFY(contains(problems, i1["id"].get<std::string>(), "no SCL"));
    QVERIFY(contains(problems, i2["id"].get<std::string>(), "B08"));
    QVERIFY(contains(problems, i3["id"].get<std::string>(), "RFC 3339"));
    QVERIFY(contains(problems, "gone.json", "restore the file"));
    QVERIFY(contains(problems, "1 item (" + again["id"].get<std::string>() + ")",
                     "repeat an earlier item's time and files"));
    // Items of another year: one line for both, saying what to do.
    QVERIFY(contains(problems, "2 items from other years than 2026 ignored",
                     "(2025-11-10 to 2025-12-01)"));
    QVERIFY(contains(problems, "2 items", "give --as-of"));

    // A read takes the same lines from opening each scene once, rather than opening it twice.
    std::vector<std::string> whileReading;
    const auto results = assessor.observe(ParcelReader::readFile(bad / "parcels.geojson", {}),
                                          nullptr, &whileReading);
    QCOMPARE(whileReading, problems);
    QCOMPARE(results.size(), std::size_t(28));
    QVERIFY2(byId(results, "astride").error.empty(), byId(results, "astride").error.c_str());
    QVERIFY(contains(byId(results, "astride").warnings, "at most 8",
                     "% of the parcel lies inside any one scene"));
    QVERIFY(byId(results, "mostly_out").error.find("less than half inside one") !=
            std::string::npos);
    QVERIFY(byId(results, "far").error.find("far is outside every scene") != std::string::npos);
    QVERIFY(contains(byId(results, "far").warnings, "declared_area_mu 26.00 is 5",
                     "% more than the polygon measures (17."));
    QVERIFY(contains(byId(results, "far").warnings, "\"cowpea\" names no crop of crops.csv",
                     "add this one to crop_names.csv"));
    const json far = ParcelResultJson::line(byId(results, "far"), {});
    QCOMPARE(far["declared_area_mu"].get<double>(), 26.0);
    QVERIFY(far["declared_area_difference"].get<double>() > 0.45 &&
            far["declared_area_difference"].get<double>() < 0.55);
    QVERIFY(byId(results, "open").error.find("unclosed") != std::string::npos);
    int truncatedWarnings = 0;
    for (const auto& r : results) {
      if (r.parcelId == "far" || r.parcelId == "open" || r.parcelId == "astride" ||
          r.parcelId == "mostly_out")
        continue;
      QVERIFY2(r.error.empty(), r.error.c_str());
      // 20 scenes minus no-B08, bad-date and last autumn's two; the truncated one fails only
      // where it is cut.
      QVERIFY(r.series.total >= 15 && r.series.total <= 16);
      truncatedWarnings +=
          contains(r.warnings, i0["id"].get<std::string>(), "truncated or corrupt");
      QVERIFY(r.series.total + truncatedWarnings >= 16);
    }
    QVERIFY(truncatedWarnings > 0);
  }

  void aBatchTooBigForMemoryIsRefusedBeforeAnyWork() {
    // 2 million parcels over 48 scenes on a 24 GB machine: refused, with the size that fits.
    const std::string refusal = AssessMemory::refusal(2'000'000, 48, 24e9);
    QVERIFY2(refusal.find("at most 652000 parcels") != std::string::npos, refusal.c_str());
    QVERIFY(AssessMemory::refusal(600'000, 48, 24e9).empty());
    QVERIFY(AssessMemory::refusal(2'000'000, 48, NAN).empty());  // unknown: go on
    QVERIFY(AssessMemory::estimateBytes(20'000, 48) > AssessMemory::estimateBytes(20'000, 24));
  }

  void evidenceSourceNeedsItsInputs() {
    SatelliteEvidenceSource source;
    const Evidence e = source.assess({"c1", "m1", "farmer", "2026-12-31", "", "{}"});
    QCOMPARE(e.status, Evidence::Status::Unavailable);
    QVERIFY(e.error.find("catalog") != std::string::npos &&
            e.error.find("parcels") != std::string::npos);
    const Evidence missing =
        source.assess({"c1", "m1", "farmer", "2026-12-31", sim_.string(),
                       R"({"catalog":"nope.json","parcels":"parcels.geojson"})"});
    QCOMPARE(missing.status, Evidence::Status::Unavailable);
    QVERIFY(missing.error.find("nope.json") != std::string::npos);
  }

  void evidenceSourceAssessesTheFarm() {
    if (!fs::exists(CropClassifier::shippedModel())) QSKIP("no shipped model in this checkout");
    SatelliteEvidenceSource source;
    const Evidence e = source.assess({"c1", "m1", "farmer", "2026-12-31", sim_.string(),
                                      R"({"catalog":"catalog.json","parcels":"parcels.geojson"})"});
    QVERIFY2(e.ok(), e.error.c_str());
    const auto description = source.describe();
    for (const auto& f : description.features) QVERIFY2(e.features.count(f.name), f.name.c_str());
    for (const auto& [name, value] : e.features)
      QVERIFY2(description.findFeature(name), name.c_str());
    double truthMu = 0;
    for (const auto& [id, t] : truthById(sim_)) truthMu += t["area_mu"].get<double>();
    QVERIFY(std::fabs(e.features.at("total_area_mu") - truthMu) < 0.001 * truthMu);
    // One fact a parcel, and how surely the batch was read.
    QCOMPARE(e.facts.size(), std::size_t(25));
    QVERIFY(e.facts[0].provenance.reference.rfind("parcel:p", 0) == 0);
    QCOMPARE(e.facts.back().name, std::string("calibration"));
    QVERIFY2(e.facts.back().value.find("at temperature") != std::string::npos,
             e.facts.back().value.c_str());
    int images = 0, series = 0, tables = 0;
    for (const auto& a : e.artifacts) {
      if (a.kind == Artifact::Kind::Table) {
        ++tables;
        const json table = json::parse(a.data);
        QCOMPARE(table["schema"].get<std::string>(), std::string("aviary.satellite.parcels/1"));
        QCOMPARE(table["rows"].size(), std::size_t(24));
        double mu = 0;
        for (const auto& row : table["rows"]) mu += row["area_mu"].get<double>();
        QVERIFY(std::fabs(mu - truthMu) < 0.01 * truthMu);
        QVERIFY(table["rows"][0]["crop"].is_string() && table["rows"][0]["hazards"].is_array());
        // A row names its unseen spell exactly when it carries the season_unseen flag.
        for (const auto& row : table["rows"]) {
          const auto& flags = row["flags"];
          const bool flagged =
              std::find(flags.begin(), flags.end(), "season_unseen") != flags.end();
          QCOMPARE(row.contains("unseen"), flagged);
          if (flagged)
            QVERIFY(row["unseen"]["from"].get<std::string>() <
                    row["unseen"]["to"].get<std::string>());
        }
      } else if (a.kind == Artifact::Kind::Image) {
        ++images;
        QVERIFY(a.bytes.size() > 8 && a.bytes[1] == 'P' && a.bytes[2] == 'N' && a.bytes[3] == 'G');
      } else {
        ++series;
        const json j = json::parse(a.data);
        QCOMPARE(j["dates"].size(), j["ndvi"].size());
        QCOMPARE(j["normal"].size(), j["cloudy"].size());
        // Each look left out says why; the looks kept say nothing.
        QCOMPARE(j["rejected"].size(), j["cloudy"].size());
        for (std::size_t i = 0; i < j["cloudy"].size(); ++i)
          QCOMPARE(j["rejected"][i].is_string(), j["cloudy"][i].get<bool>());
        QVERIFY(j.contains("hazards"));
      }
    }
    QCOMPARE(series, 24);
    QCOMPARE(tables, 1);
    QVERIFY(images >= 20);
  }

  void aLoneParcelWithItsRegionAsContextGetsWhatItsBatchGets() {
    if (!fs::exists(CropClassifier::shippedModel())) QSKIP("no shipped model in this checkout");
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;
    const auto parcels = ParcelReader::readFile(sim_ / "parcels.geojson", {});
    const CropClassifier model = CropClassifier::load(CropClassifier::shippedModel());
    ParcelAssessor assessor(items, CropCalendar::shipped(), {.threads = 2});
    BatchReading inBatch, withContext, alone;
    const auto batch = assessor.assess(parcels, model, &inBatch);
    const std::vector<Parcel> one{parcels[3]};
    // The register holds the merchant's parcel too: it is read once, as in the batch.
    const auto told = assessor.assess(one, model, &withContext, parcels);
    const auto own = assessor.assess(one, model, &alone);
    QCOMPARE(told.size(), std::size_t(1));
    QCOMPARE(withContext.contextRead, parcels.size() - 1);
    QCOMPARE(own.size(), std::size_t(1));
    QCOMPARE(told[0].parcelId, parcels[3].id);
    QCOMPARE(ParcelResultJson::line(told[0], model.classes()).dump(),
             ParcelResultJson::line(batch[3], model.classes()).dump());
    QCOMPARE(withContext.region.parcels, inBatch.region.parcels);
    QVERIFY(inBatch.region.parcels > 1 && alone.region.parcels <= 1);
    // The batch's temperature is the one its probabilities were given, set by its strangeness.
    std::vector<std::vector<float>> rows;
    for (const auto& r : batch)
      if (r.error.empty()) rows.push_back(r.features);
    QVERIFY(inBatch.temperature.perBatch);
    QCOMPARE(inBatch.temperature.temperature, model.batchTemperature(rows).temperature);
    QCOMPARE(withContext.temperature.temperature, inBatch.temperature.temperature);
    // A register larger than a decision should wait for is cut to the parcels nearest.
    const auto nearest = ParcelAssessor::nearestContext(one, parcels, 5);
    QCOMPARE(nearest.size(), std::size_t(5));
    auto distance = [&](const Parcel& p) {
      OGREnvelope a, b;
      one[0].lonLat->getEnvelope(&a);
      p.lonLat->getEnvelope(&b);
      return std::hypot(
          (a.MinX + a.MaxX - b.MinX - b.MaxX) / 2 * std::cos(a.MinY * std::numbers::pi / 180),
          (a.MinY + a.MaxY - b.MinY - b.MaxY) / 2);
    };
    double farthestKept = 0;
    for (const Parcel* p : nearest) {
      QVERIFY(p->id != one[0].id);
      farthestKept = std::max(farthestKept, distance(*p));
    }
    int nearer = 0;
    for (const Parcel& p : parcels)
      nearer += p.id != one[0].id && distance(p) < farthestKept - 1e-9;
    QVERIFY2(nearer <= 4, std::to_string(nearer).c_str());
    // A register's broken polygon has no place to be near: it is never read.
    Parcel broken;
    broken.id = "broken";
    broken.error = "polygon self-intersects";
    std::vector<Parcel> register_{broken};
    register_.insert(register_.end(), parcels.begin(), parcels.end());
    for (const Parcel* p : ParcelAssessor::nearestContext(one, register_, 5))
      QVERIFY(p->id != "broken");
  }

  void evidenceSourceReadsTheRegionFromItsContext() {
    if (!fs::exists(CropClassifier::shippedModel())) QSKIP("no shipped model in this checkout");
    const fs::path merchant = fs::path(dir_.path().toStdString()) / "merchant";
    fs::create_directories(merchant);
    json one = readJson(sim_ / "parcels.geojson");
    one["features"] = json::array({one["features"][3]});
    writeJson(merchant / "parcels.geojson", one);
    auto inputs = [&](const fs::path& parcels, const std::string& context) {
      json j = {{"catalog", (sim_ / "catalog.json").string()}, {"parcels", parcels.string()}};
      if (!context.empty()) j["context"] = context;
      return j.dump();
    };
    auto table = [](const Evidence& e) {
      for (const auto& a : e.artifacts)
        if (a.kind == Artifact::Kind::Table) return json::parse(a.data);
      return json();
    };
    SatelliteEvidenceSource source;
    const Evidence batch = source.assess({"c1", "m1", "farmer", "2026-12-31", merchant.string(),
                                          inputs(sim_ / "parcels.geojson", "")});
    // The region's register named relative to the case's folder, as the other inputs are.
    const Evidence told = source.assess({"c1", "m1", "farmer", "2026-12-31", merchant.string(),
                                         inputs("parcels.geojson", "../sim/parcels.geojson")});
    QVERIFY2(batch.ok() && told.ok(), told.error.c_str());
    // The merchant's parcel, and the calibration its region set: the batch's.
    QCOMPARE(told.facts.size(), std::size_t(2));
    QCOMPARE(told.facts.back().value, batch.facts.back().value);
    const json row = table(told)["rows"][0], rows = table(batch)["rows"];
    bool found = false;
    for (const auto& r : rows)
      if (r["parcel_id"] == row["parcel_id"]) {
        found = true;
        QCOMPARE(r.dump(), row.dump());
      }
    QVERIFY(found);
    // A register that cannot be read is named as the context, with what to do.
    const Evidence missing = source.assess({"c1", "m1", "farmer", "2026-12-31", merchant.string(),
                                            inputs("parcels.geojson", "no_register.geojson")});
    QCOMPARE(missing.status, Evidence::Status::Unavailable);
    QVERIFY2(missing.error.find("context") != std::string::npos &&
                 missing.error.find("no_register.geojson") != std::string::npos,
             missing.error.c_str());
  }

  void shippedModelClassifiesHeldOutScenes() {
    if (!fs::exists(CropClassifier::shippedModel())) QSKIP("no shipped model in this checkout");
    // Seed 9100 was never used for training or tuning (see satellite_crop_model.md). Small
    // parcels keep the scenes small; they are the hardest ones (mostly edge pixels).
    const fs::path held = fs::path(dir_.path().toStdString()) / "heldout";
    SceneSimulator::Options o;
    o.seed = 9100;
    o.parcels = 210;
    o.dates = 48;
    o.maxAreaMu = 40;
    SceneSimulator::write(held, o);
    const auto parcels = ParcelReader::readFile(held / "parcels.geojson", {});
    const auto truth = truthById(held);
    // Reading is reported scene by scene, from both threads, up to the whole.
    std::mutex reported;
    std::size_t calls = 0, last = 0, whole = 0;
    ParcelAssessor assessor(StacCatalog::read(held / "catalog.json").items, CropCalendar::shipped(),
                            {.threads = 2, .progress = [&](std::size_t done, std::size_t total) {
                               std::lock_guard lock(reported);
                               ++calls;
                               last = std::max(last, done);
                               whole = total;
                             }});
    const CropClassifier model = CropClassifier::load(CropClassifier::shippedModel());
    const auto results = assessor.assess(parcels, model);
    QCOMPARE(whole, std::size_t(48));  // one batch of 210 parcels, 48 scenes
    QCOMPARE(calls, std::size_t(48));
    QCOMPARE(last, std::size_t(48));
    int correct = 0, healthy = 0, healthyGood = 0, stressed = 0, stressedBad = 0, uncertain = 0;
    std::map<std::string, std::array<int, 3>> counts;  // per system: tp, fp, fn
    for (std::size_t i = 0; i < results.size(); ++i) {
      const ParcelResult& r = results[i];
      QVERIFY2(r.error.empty(), r.error.c_str());
      const std::string& actual = parcels[i].system;
      correct += r.system == actual;
      uncertain += r.uncertain();
      ++counts[r.system][r.system == actual ? 0 : 1];
      if (r.system != actual) ++counts[actual][2];
      double sum = 0;
      for (double p : r.probabilities) sum += p;
      QVERIFY(std::fabs(sum - 1) < 1e-6);
      // Condition against what the simulator did to the field.
      const json& t = truth.at(r.parcelId);
      if (actual == "fallow" || !r.judgement.condition) continue;
      const bool good =
          *r.judgement.condition == "favourable" || *r.judgement.condition == "exceptional";
      if (t["stress"].get<double>() >= 1 && t["hazards"].empty()) {
        ++healthy;
        healthyGood += good;
      } else {
        ++stressed;
        stressedBad += !good;
      }
    }
    double f1Sum = 0;
    for (const auto& [system, c] : counts)
      f1Sum += c[0] ? 2.0 * c[0] / (2.0 * c[0] + c[1] + c[2]) : 0.0;
    const double accuracy = static_cast<double>(correct) / results.size();
    const double macroF1 = f1Sum / counts.size();
    const double healthyShare = static_cast<double>(healthyGood) / healthy;
    const double stressedShare = static_cast<double>(stressedBad) / stressed;
    qInfo(
        "held-out: accuracy %.3f, macro-F1 %.3f on %zu parcels; healthy graded favourable or "
        "better %.3f (%d), stressed graded watch or poor %.3f (%d)",
        accuracy, macroF1, results.size(), healthyShare, healthy, stressedShare, stressed);
    // The issue's targets.
    QVERIFY2(accuracy >= 0.93, qPrintable(QString::number(accuracy)));
    // Scenes like the ones it learned from: few parcels are referred as uncertain.
    QVERIFY2(uncertain * 20 <= static_cast<int>(results.size()),
             qPrintable(QString::number(uncertain)));
    QVERIFY2(macroF1 >= 0.90, qPrintable(QString::number(macroF1)));
    // 83% each way was measured on 1150 parcels of seeds 9401-9404.
    QVERIFY2(healthyShare >= 0.75, qPrintable(QString::number(healthyShare)));
    QVERIFY2(stressedShare >= 0.75, qPrintable(QString::number(stressedShare)));

    // The same region read 0.04 high (a bright soil, another sensor): the shipped model is
    // surest of it moved back (-0.04 to -0.05 on our simulator's sets 9901-9903).
    const std::vector<std::string> names = assessor.featureNames();
    std::vector<std::vector<float>> raised;
    for (const ParcelResult& r : results) {
      raised.push_back(r.features);
      for (std::size_t c = 0; c < names.size(); ++c)
        if (BatchNdviLevel::isLevel(names[c])) raised.back()[c] += 0.04f;
    }
    const BatchNdviLevel level = BatchNdviLevel::estimate(
        raised, names, [&](const auto& rows) { return model.rawPredict(rows); });
    QVERIFY2(level.offset() <= -0.025 && level.offset() >= -0.055,
             qPrintable(QString::number(level.offset())));

    // Threads for prediction change its speed, not one probability.
    const CropClassifier fourThreads = CropClassifier::load(CropClassifier::shippedModel(), 4);
    QVERIFY(fourThreads.rawPredict(raised) == model.rawPredict(raised));

    // As of May 31 (a loan decided in spring) the model sees the season so far: its
    // probabilities are flattened for that, and each parcel says so. This held-out set as of
    // May 31 reads a mean top probability of 0.35 at accuracy 0.31 (with the twenty-second
    // pass's batch temperature, 0.46 flattened and 0.75 not; the flattening was fitted on two
    // other generators).
    ParcelAssessor spring(StacCatalog::read(held / "catalog.json").items, CropCalendar::shipped(),
                          {.asOf = "2026-05-31", .threads = 2});
    const auto soFar = spring.assess(parcels, model);
    double topSum = 0;
    int right = 0;
    for (std::size_t i = 0; i < soFar.size(); ++i) {
      QVERIFY2(soFar[i].error.empty(), soFar[i].error.c_str());
      const auto flags = soFar[i].reportedFlags();
      QVERIFY(std::count(flags.begin(), flags.end(), ParcelResult::kSeasonInProgress) == 1);
      topSum += *std::max_element(soFar[i].probabilities.begin(), soFar[i].probabilities.end());
      right += soFar[i].system == parcels[i].system;
    }
    qInfo("as of May 31: mean top probability %.3f, accuracy %.3f", topSum / soFar.size(),
          static_cast<double>(right) / soFar.size());
    QVERIFY2(topSum / soFar.size() < static_cast<double>(right) / soFar.size() + 0.25,
             qPrintable(QString::number(topSum / soFar.size())));
    for (const ParcelResult& r : results) {
      const auto flags = r.reportedFlags();
      QVERIFY(std::count(flags.begin(), flags.end(), ParcelResult::kSeasonInProgress) == 0);
    }
  }

  // Cloud-optimised GeoTIFFs over HTTP: the scenes converted to COGs, served by a local
  // server that answers byte ranges, read through /vsicurl/; the parcels must come out exactly
  // as from the local files.
  void cogsOverHttpMatchLocalFiles() {
    const QString python = QStandardPaths::findExecutable("python3");
    if (python.isEmpty()) QSKIP("python3 is needed for the local range server");
    GDALAllRegister();
    GDALDriver* cog = GetGDALDriverManager()->GetDriverByName("COG");
    if (!cog) QSKIP("this GDAL has no COG driver");
    const fs::path served = fs::path(dir_.path().toStdString()) / "served";
    fs::create_directories(served / "scenes");
    auto items = StacCatalog::read(sim_ / "catalog.json").items;
    items.resize(8);  // enough for a season's worth of clear observations
    for (const auto& item : items)
      for (const auto& [band, path] : item.assets) {
        GDALDatasetUniquePtr source(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
        QVERIFY(source);
        const char* options[] = {"COMPRESS=DEFLATE", "BLOCKSIZE=256", nullptr};
        const fs::path out = served / "scenes" / fs::path(path).filename();
        GDALDatasetUniquePtr copy(cog->CreateCopy(out.c_str(), source.get(), false,
                                                  const_cast<char**>(options), nullptr, nullptr));
        QVERIFY(copy);
      }

    QProcess server;
    server.start(python, {QString(AVIARY_PLUGIN_SOURCE_DIR) + "/tests/range_server.py",
                          QString::fromStdString(served.string())});
    QVERIFY(server.waitForStarted());
    QVERIFY(server.waitForReadyRead(10000));
    const QString first = QString::fromUtf8(server.readLine()).trimmed();
    QVERIFY2(first.startsWith("PORT "), qPrintable(first));
    const std::string base = "/vsicurl/http://127.0.0.1:" + first.mid(5).toStdString() + "/scenes/";
    auto remote = items;
    for (auto& item : remote)
      for (auto& [band, path] : item.assets) path = base + fs::path(path).filename().string();

    auto parcels = ParcelReader::readFile(sim_ / "parcels.geojson", {});
    parcels.resize(6);
    const auto& calendar = CropCalendar::shipped();
    const auto local = ParcelAssessor(items, calendar, {"", 2}).observe(parcels);
    const auto overHttp = ParcelAssessor(remote, calendar, {"", 2}).observe(parcels);
    server.kill();
    server.waitForFinished();
    const QString log = QString::fromUtf8(server.readAllStandardOutput());
    QVERIFY2(log.count("RANGE /scenes/") >= static_cast<int>(items.size()), qPrintable(log));

    int compared = 0;
    for (std::size_t i = 0; i < parcels.size(); ++i) {
      QVERIFY2(overHttp[i].error == local[i].error, overHttp[i].error.c_str());
      QCOMPARE(overHttp[i].series.observations.size(), local[i].series.observations.size());
      for (std::size_t k = 0; k < local[i].series.observations.size(); ++k) {
        const auto& a = local[i].series.observations[k];
        const auto& b = overHttp[i].series.observations[k];
        QCOMPARE(b.itemId, a.itemId);
        QCOMPARE(b.clearFraction, a.clearFraction);
        for (int band = 0; band < 7; ++band)
          QVERIFY(b.reflectance[band] == a.reflectance[band] ||
                  (std::isnan(a.reflectance[band]) && std::isnan(b.reflectance[band])));
        ++compared;
      }
    }
    QVERIFY(compared >= static_cast<int>(parcels.size()) * 4);
  }

  void earthSearchStyleItemsReadAsTheContractOnes() {
    // Sentinel-2 L2A as public STAC servers give it: common-name keys, B05/B11/B12/SCL on a
    // 20 m grid beside 10 m B04, stored values 10000 x reflectance + 1000 declared as
    // raster:bands offset -0.1, proj:code instead of proj:epsg, a thumbnail and a JPEG 2000
    // copy of blue that must not be read.
    GDALAllRegister();
    const fs::path es = fs::path(dir_.path().toStdString()) / "earth_search";
    fs::create_directories(es / "items");
    const std::map<std::string, std::string> common = {
        {"B02", "blue"}, {"B03", "green"},  {"B04", "red"},    {"B05", "rededge1"},
        {"B08", "nir"},  {"B11", "swir16"}, {"B12", "swir22"}, {"SCL", "scl"}};
    const std::set<std::string> twentyMetres = {"B05", "B11", "B12", "SCL"};
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;
    std::vector<json> written;
    for (const auto& item : items) {
      json assets = {{"thumbnail", {{"href", "none.jpg"}, {"roles", {"thumbnail"}}}}};
      for (const auto& [band, path] : item.assets) {
        const std::string file = item.id + "_" + common.at(band) + ".tif";
        const bool scl = band == "SCL";
        QVERIFY(rewriteBand(
            path, es / "items" / file,
            [scl](std::uint16_t v) {
              return scl || v == 0 ? v : static_cast<std::uint16_t>(v + 1000);
            },
            scl ? GDT_Byte : GDT_UInt16, twentyMetres.count(band) ? 2 : 1,
            scl ? "nearest" : "average"));
        json asset = {
            {"href", file},
            {"roles", {"data"}},
            {"eo:bands", {{{"name", common.at(band)}, {"common_name", common.at(band)}}}}};
        if (band != "SCL") asset["raster:bands"] = {{{"scale", 0.0001}, {"offset", -0.1}}};
        if (band == "B02") {
          json jp2 = asset;
          jp2["href"] = "missing_blue.jp2";
          assets["blue-jp2"] = jp2;
        }
        assets[common.at(band)] = asset;
      }
      written.push_back(json{{"type", "Feature"},
                             {"id", item.id},
                             {"properties",
                              {{"datetime", nullptr},
                               {"start_datetime", item.datetime},
                               {"proj:code", "EPSG:" + std::to_string(item.epsg)}}},
                             {"assets", assets}});
    }
    writeCatalog(es, written);

    const auto read = StacCatalog::read(es / "catalog.json").items;
    QCOMPARE(read.size(), items.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
      QVERIFY2(read[i].error.empty(), read[i].error.c_str());
      QCOMPARE(read[i].epsg, items[i].epsg);
      QCOMPARE(read[i].date, items[i].date);
      QVERIFY(read[i].assets.at("B02").find("_blue.tif") != std::string::npos);
      QCOMPARE(read[i].scaling.at("B04").offset, -0.1);
    }
    SceneStack stack(read);
    const auto problems = stack.itemProblems();
    QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().c_str());

    const auto parcels = ParcelReader::readFile(sim_ / "parcels.geojson", {});
    const auto& calendar = CropCalendar::shipped();
    const auto contract = ParcelAssessor(items, calendar, {"", 2}).observe(parcels);
    const auto served = ParcelAssessor(read, calendar, {"", 2}).observe(parcels);
    int looks = 0, ndviClose = 0, swirClose = 0, swirCompared = 0;
    const auto ndvi = [](const Observation& o) {
      return (o.reflectance[kB08] - o.reflectance[kB04]) /
             (o.reflectance[kB08] + o.reflectance[kB04]);
    };
    for (std::size_t i = 0; i < parcels.size(); ++i) {
      const auto& a = contract[i].series.observations;
      const auto& b = served[i].series.observations;
      QCOMPARE(b.size(), a.size());
      for (std::size_t k = 0; k < a.size(); ++k) {
        if (a[k].clearFraction < 0.9 || b[k].clearFraction < 0.9) continue;
        // B04 and B08 stay on their 10 m grid; the 20 m SCL clears a few other pixels.
        ++looks;
        ndviClose += std::fabs(ndvi(a[k]) - ndvi(b[k])) < 0.01;
        // SWIR comes from 20 m pixels: close to the 10 m mean on parcels of 20 mu or more.
        if (parcels[i].areaM2 < 20 * GeodesicArea::kSquareMetresPerMu) continue;
        QVERIFY(std::isfinite(b[k].reflectance[kB11]));
        ++swirCompared;
        swirClose += std::fabs(a[k].reflectance[kB11] / b[k].reflectance[kB11] - 1) < 0.05;
      }
    }
    qInfo("NDVI within 0.01 on %d of %d clear looks; SWIR within 5%% on %d of %d", ndviClose, looks,
          swirClose, swirCompared);
    QVERIFY(looks >= 100 && ndviClose >= looks * 9 / 10);
    QVERIFY(swirCompared >= 30 && swirClose >= swirCompared * 9 / 10);

    // A scale that is no scale is an item error that says so; the other items carry on.
    json bad = readJson(es / "items" / (items[0].id + ".json"));
    bad["assets"]["red"]["raster:bands"][0]["scale"] = 0;
    writeJson(es / "items" / (items[0].id + ".json"), bad);
    const auto withBad = StacCatalog::read(es / "catalog.json").items;
    QVERIFY(withBad[0].error.find("raster:bands") != std::string::npos);
    QVERIFY(withBad[1].error.empty());
  }

  void searchResultFileReadsAsTheCatalog() {
    // What a STAC API's /search returns, saved to a file: the items inline, hrefs absolute,
    // one of them signed, and a link to the next page that was not saved.
    GDALAllRegister();
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;
    json features = json::array();
    for (const auto& item : items) {
      json feature = readJson(item.file);
      for (auto& [key, asset] : feature["assets"].items())
        asset["href"] = "file://" + item.assets.at(key);
      features.push_back(feature);
    }
    const std::string token = "sig=SECRET-TOKEN-123";
    features[0]["assets"]["B04"]["href"] = "http://127.0.0.1:1/B04.tif?st=2026&" + token;
    const fs::path search = fs::path(dir_.path().toStdString()) / "search.json";
    writeJson(search,
              {{"type", "FeatureCollection"},
               {"features", features},
               {"links", {{{"rel", "next"}, {"href", "https://example.org/search?page=2"}}}}});

    const auto read = StacCatalog::read(search).items;
    QCOMPARE(read.size(), items.size() + 1);
    for (std::size_t i = 0; i < items.size(); ++i) {
      QVERIFY2(read[i].error.empty(), read[i].error.c_str());
      QCOMPARE(read[i].id, items[i].id);
      QCOMPARE(read[i].date, items[i].date);
      if (i > 0) QCOMPARE(read[i].assets, items[i].assets);
    }
    QVERIFY(read.back().error.find("next page") != std::string::npos);

    // The unreachable signed band is reported without its token; the other items carry on.
    SceneStack stack(std::vector<SceneItem>(read.begin(), read.end() - 1));
    const auto problems = stack.itemProblems();
    bool namesB04 = false;
    for (const auto& line : problems) {
      QVERIFY2(line.find("SECRET") == std::string::npos, line.c_str());
      namesB04 = namesB04 || (line.find(items[0].id) != std::string::npos &&
                              line.find("B04") != std::string::npos);
    }
    QVERIFY(namesB04);
    QCOMPARE(
        withUrlQueriesHidden("(/vsicurl/https://a.b/c.tif?se=1&sig=x) and s3://k/l?X-Amz=y"),
        std::string("(/vsicurl/https://a.b/c.tif?(query hidden)) and s3://k/l?(query hidden)"));

    // A single item's file is a catalog of one.
    const auto one = StacCatalog::read(items[1].file).items;
    QCOMPARE(one.size(), std::size_t{1});
    QCOMPARE(one[0].assets, items[1].assets);
  }

  void sceneProblemsReadTheSameOnSeveralWorkers() {
    // Each worker opens its share of the items with datasets of its own; the lines must come
    // out as one worker words them, the items named in catalog order.
    auto items = StacCatalog::read(sim_ / "catalog.json").items;
    QVERIFY(items.size() >= 8);
    std::vector<std::string> withoutB05;
    for (std::size_t i = 0; i < items.size(); i += 2) {
      items[i].assets.erase("B05");
      withoutB05.push_back(items[i].id);
    }
    items[3].assets["B08"] = (fs::path(dir_.path().toStdString()) / "gone_B08.tif").string();
    const auto one = SceneStack(items).itemProblems(1);
    QCOMPARE(SceneStack(items).itemProblems(4), one);
    bool namesB08 = false, namesB05 = false;
    for (const auto& line : one) {
      namesB08 = namesB08 || (line.find(items[3].id) != std::string::npos &&
                              line.find("B08") != std::string::npos);
      namesB05 = namesB05 || line.rfind(std::to_string(withoutB05.size()) +
                                            " items have no B05 asset (" + withoutB05[0] + ", " +
                                            withoutB05[1] + ", " + withoutB05[2] + " and ",
                                        0) == 0;
    }
    QVERIFY(namesB08);
    QVERIFY2(namesB05, one.empty() ? "no lines" : one.back().c_str());
  }

  void sentinel2OffsetIsCheckedAgainstTheValues() {
    // Servers disagree on Sentinel-2's +1000: Earth Search declares an offset of -0.1 also on
    // items whose values it had corrected; Planetary Computer declares none and keeps it.
    GDALAllRegister();
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;

    // Corrected values with the offset still declared: read without it, and said once.
    const auto readDeclared = simulatorItemsAs("declared", [](const SceneItem&, json& j, auto&) {
      for (auto& [key, asset] : j["assets"].items())
        if (key != "SCL") asset["raster:bands"] = {{{"scale", 0.0001}, {"offset", -0.1}}};
      return true;
    });
    QCOMPARE(readDeclared.front().scaling.at("B04").offset, -0.1);
    QVERIFY(readsAsTheContract(readDeclared));
    QVERIFY(mentions(readDeclared, "read without it"));

    // Values with the +1000 and only the processing baseline to say so: read with it.
    const fs::path baseline = fs::path(dir_.path().toStdString()) / "baseline";
    fs::create_directories(baseline / "items");
    std::vector<json> written;
    for (const auto& item : items) {
      json j = readJson(item.file);
      j["properties"]["s2:processing_baseline"] = "05.10";
      for (auto& [key, asset] : j["assets"].items()) {
        const std::string file = item.id + "_" + key + ".tif";
        const bool scl = key == "SCL";
        QVERIFY(rewriteBand(
            item.assets.at(key), baseline / "items" / file,
            [scl](std::uint16_t v) {
              return scl || v == 0 ? v : static_cast<std::uint16_t>(v + 1000);
            },
            scl ? GDT_Byte : GDT_UInt16));
        asset["href"] = file;
      }
      written.push_back(j);
    }
    writeCatalog(baseline, written);
    const auto readBaseline = StacCatalog::read(baseline / "catalog.json").items;
    QVERIFY(readBaseline.front().offsetFromBaseline);
    QVERIFY(readsAsTheContract(readBaseline));
    QVERIFY(mentions(readBaseline, "processing baseline 04.00 or later"));

    // An offset of 0 declared, as that message suggests for corrected values, is taken as said.
    for (json& j : written)
      for (auto& [key, asset] : j["assets"].items())
        if (key != "SCL") asset["raster:bands"] = {{{"scale", 0.0001}, {"offset", 0}}};
    writeCatalog(baseline, written);
    const auto readZero = StacCatalog::read(baseline / "catalog.json").items;
    QVERIFY(!readZero.front().offsetFromBaseline);
    QVERIFY(readZero.front().scaling.empty());
  }

  void reflectanceStoredAsFloatReadsAsTheContractsOne() {
    // Sentinel Hub, openEO and Earth Engine exports store reflectance as Float32: 0..1 without
    // a word, or 10000 x reflectance, or with a scale in raster:bands.
    GDALAllRegister();
    const auto floatCatalog = [&](const std::string& name, double perUnit, const json& bands) {
      return simulatorItemsAs(name, [&](const SceneItem& item, json& j, const fs::path& dir) {
        for (auto& [key, asset] : j["assets"].items()) {
          if (key == "SCL") continue;
          const std::string file = item.id + "_" + key + ".tif";
          // No data as NaN, as those servers write it.
          if (!rewriteBand(
                  item.assets.at(key), dir / file,
                  [perUnit](std::uint16_t v) { return v == 0 ? NAN : v / perUnit; }, GDT_Float32))
            return false;
          asset["href"] = file;
          if (!bands.is_null()) asset["raster:bands"] = bands;
        }
        return true;
      });
    };

    const auto fractions = floatCatalog("fractions", 10000, nullptr);
    QVERIFY(readsAsTheContract(fractions));
    QVERIFY(mentions(fractions, "floating point of 0..1"));
    const auto stored = floatCatalog("float_stored", 1, nullptr);
    QVERIFY(readsAsTheContract(stored));
    QVERIFY(!mentions(stored, "floating point"));
    const auto declared = floatCatalog("float_declared", 10000, {{{"scale", 1}, {"offset", 0}}});
    QVERIFY(readsAsTheContract(declared));
    QVERIFY(!mentions(declared, "floating point"));
  }

  void multiBandAssetsReadAsTheContractsOnes() {
    // Earth Engine exports and rio-stac items keep all bands in one GeoTIFF, named in the
    // asset's eo:bands (Earth Engine writes B8, not B08), in the file's own order.
    GDALAllRegister();
    const std::vector<std::string> order = {"B08", "B04", "B03", "B02", "B05", "B11", "B12"};
    const auto stackedItems = [&](const std::string& name, bool sclInTheFile) {
      return simulatorItemsAs(name, [&](const SceneItem& item, json& j, const fs::path& dir) {
        std::vector<const char*> sources;
        json eoBands = json::array();
        for (const auto& band : order) {
          sources.push_back(item.assets.at(band).c_str());
          eoBands.push_back({{"name", band[1] == '0' ? "B" + band.substr(2) : band}});
        }
        const char* separate[] = {"-separate", nullptr};
        GDALBuildVRTOptions* options =
            GDALBuildVRTOptionsNew(const_cast<char**>(separate), nullptr);
        GDALDatasetH stacked = GDALBuildVRT("", static_cast<int>(sources.size()), nullptr,
                                            sources.data(), options, nullptr);
        GDALBuildVRTOptionsFree(options);
        if (!stacked) return false;
        const std::string file = item.id + ".tif";
        GDALDatasetH tif = GDALTranslate((dir / file).c_str(), stacked, nullptr, nullptr);
        GDALClose(stacked);
        if (!tif) return false;
        GDALClose(tif);
        j["assets"] = {{"image", {{"href", file}, {"eo:bands", eoBands}}}};
        if (sclInTheFile)  // named as band 8 of a 7-band file
          j["assets"]["image"]["eo:bands"].push_back({{"name", "SCL"}});
        else
          j["assets"]["SCL"] = {{"href", item.assets.at("SCL")}};
        return true;
      });
    };
    const auto read = stackedItems("multiband", false);
    QVERIFY(!read.empty());
    QCOMPARE(read.front().bandInFile.at("B04"), 2);
    QCOMPARE(read.front().bandInFile.at("B12"), 7);
    QVERIFY(readsAsTheContract(read));

    // An eo:bands that names more bands than its file has: said, and that band left out.
    QVERIFY(mentions(stackedItems("multiband_scl", true),
                     "SCL is band 8 of its asset's eo:bands, but its file has 7"));
  }

  void landsatItemsWithQaPixelReadAsTheContractOnes() {
    // Landsat Collection 2 Level-2 as Planetary Computer serves it: its common names (nir08,
    // no red edge), stored values (reflectance + 0.2) / 2.75e-5, and clouds in QA_PIXEL's
    // bits instead of an SCL. Here the bits say what the simulator's SCL said.
    GDALAllRegister();
    const fs::path dir = fs::path(dir_.path().toStdString()) / "landsat";
    fs::create_directories(dir / "items");
    const std::map<std::string, std::string> names = {
        {"B02", "blue"},   {"B03", "green"},  {"B04", "red"},     {"B08", "nir08"},
        {"B11", "swir16"}, {"B12", "swir22"}, {"SCL", "qa_pixel"}};
    const auto qaFromScl = [](std::uint16_t scl) -> std::uint16_t {
      switch (scl) {
        case 0:
        case 1:
          return 1;  // fill
        case 3:
          return 1 << 4;  // cloud shadow
        case 8:
        case 9:
          return (1 << 3) | (1 << 1);  // cloud, dilated
        case 10:
          return 1 << 2;  // cirrus
        case 11:
          return 1 << 5;  // snow
        case 6:
          return (1 << 6) | (1 << 7);  // clear, water
        default:
          return 1 << 6;  // clear
      }
    };
    const auto stored = [](std::uint16_t v) -> std::uint16_t {
      return v == 0 ? 0 : static_cast<std::uint16_t>(std::lround((v / 10000.0 + 0.2) / 2.75e-5));
    };
    const auto items = StacCatalog::read(sim_ / "catalog.json").items;
    std::vector<json> written;
    for (const auto& item : items) {
      json assets = json::object();
      for (const auto& [band, path] : item.assets) {
        if (!names.count(band)) continue;
        const std::string file = item.id + "_" + names.at(band) + ".tif";
        const bool qa = band == "SCL";
        QVERIFY(rewriteBand(path, dir / "items" / file, qa ? +qaFromScl : +stored, GDT_UInt16));
        assets[names.at(band)] = {{"href", file}};
        if (!qa) assets[names.at(band)]["raster:bands"] = {{{"scale", 2.75e-5}, {"offset", -0.2}}};
      }
      written.push_back(
          json{{"type", "Feature"},
               {"id", item.id},
               {"properties", {{"datetime", item.datetime}, {"proj:epsg", item.epsg}}},
               {"assets", assets}});
    }
    writeCatalog(dir, written);

    const auto read = StacCatalog::read(dir / "catalog.json").items;
    QVERIFY(read.at(0).assets.count("QA_PIXEL") && read.at(0).assets.count("B08"));
    const auto parcels = ParcelReader::readFile(sim_ / "parcels.geojson", {});
    const auto& calendar = CropCalendar::shipped();
    auto withoutRedEdge = items;  // Landsat has none, and the cloud unmixing reads every band
    for (auto& item : withoutRedEdge) item.assets.erase("B05");
    const auto contract = ParcelAssessor(withoutRedEdge, calendar, {"", 2}).observe(parcels);
    const auto landsat = ParcelAssessor(read, calendar, {"", 2}).observe(parcels);
    int looks = 0;
    double worst = 0;
    for (std::size_t i = 0; i < parcels.size(); ++i) {
      const auto& a = contract[i].series.observations;
      const auto& b = landsat[i].series.observations;
      QCOMPARE(b.size(), a.size());
      for (std::size_t k = 0; k < a.size(); ++k) {
        // The same pixels are clear, and the reflectance comes back to within the rounding.
        QCOMPARE(b[k].clearFraction, a[k].clearFraction);
        if (a[k].clearFraction <= 0) continue;
        for (const int band : {kB02, kB04, kB08, kB11})
          worst = std::max(worst, std::fabs(b[k].reflectance[band] - a[k].reflectance[band]));
        QVERIFY(std::isnan(b[k].reflectance[kB05]));
        ++looks;
      }
    }
    qInfo("%d looks; largest reflectance difference %.2e", looks, worst);
    // A stored value rounds by 1.4e-5; the edge unmixing of a small plot magnifies that.
    QVERIFY(looks >= 100 && worst < 1e-3);
    // HLS's L30 numbers its bands as Landsat does: B05 is NIR, B06 and B07 SWIR, B11 thermal.
    json hls = {{"type", "Feature"},
                {"id", "HLS.L30.T50RQU.2026095"},
                {"collection", "HLSL30.v2.0"},
                {"properties", {{"datetime", "2026-04-05T02:55:00Z"}}},
                {"assets", json::object()}};
    for (const char* band : {"B02", "B03", "B04", "B05", "B06", "B07", "B10", "B11", "Fmask"})
      hls["assets"][band] = {{"href", std::string(band) + ".tif"}};
    writeJson(dir / "hls_item.json", hls);
    writeJson(dir / "hls_catalog.json",
              {{"type", "Catalog"}, {"links", {{{"rel", "item"}, {"href", "hls_item.json"}}}}});
    const auto l30 = StacCatalog::read(dir / "hls_catalog.json").items.at(0).assets;
    QVERIFY(l30.at("B08").find("B05.tif") != std::string::npos);
    QVERIFY(l30.at("B11").find("B06.tif") != std::string::npos);
    QVERIFY(l30.at("B12").find("B07.tif") != std::string::npos);
    QVERIFY(l30.count("FMASK") && !l30.count("B05"));
    // A Landsat catalog renamed to the contract's names keeps them, platform or not.
    json renamed = readJson(read.at(0).file);
    renamed["properties"]["platform"] = "landsat-8";
    renamed["assets"] = {{"B04", {{"href", "red.tif"}}},
                         {"B05", {{"href", "nir08.tif"}}},
                         {"B08", {{"href", "nir.tif"}}}};
    writeJson(dir / "hls_item.json", renamed);
    const auto contract8 = StacCatalog::read(dir / "hls_catalog.json").items.at(0).assets;
    QVERIFY(contract8.at("B08").find("nir.tif") != std::string::npos && contract8.count("B05"));
    // HLS's Fmask: 255 is no data; cloud, next to cloud, shadow and snow are not clear.
    QCOMPARE(CloudMask::sclFromHlsFmask(255), std::uint8_t(0));
    QCOMPARE(CloudMask::sclFromHlsFmask(1 << 1), std::uint8_t(9));
    QCOMPARE(CloudMask::sclFromHlsFmask(1 << 2), std::uint8_t(3));
    QCOMPARE(CloudMask::sclFromHlsFmask((1 << 5) | (1 << 6)), std::uint8_t(6));
    QCOMPARE(CloudMask::sclFromHlsFmask(1 << 7), std::uint8_t(4));
  }

  void realLandsatSceneAndOlindaPolygons() {
    const fs::path tif = "/usr/lib/R/site-library/stars/tif/L7_ETMs.tif";
    const fs::path shp = "/usr/lib/R/site-library/sf/shape/olinda1.shp";
    if (!fs::exists(tif) || !fs::exists(shp)) QSKIP("r-cran-stars / r-cran-sf not installed");
    GDALAllRegister();
    const fs::path real = fs::path(dir_.path().toStdString()) / "real";
    fs::create_directories(real);
    // Landsat bands 1,2,3,4,5,7 as Sentinel-2 names (no red edge, no SCL).
    const std::vector<std::pair<std::string, int>> bands = {{"B02", 1}, {"B03", 2}, {"B04", 3},
                                                            {"B08", 4}, {"B11", 5}, {"B12", 6}};
    GDALDatasetUniquePtr source(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER));
    QVERIFY(source);
    json assets = json::object();
    for (const auto& [name, index] : bands) {
      const std::string b = std::to_string(index);
      const char* args[] = {"-of", "VRT", "-b", b.c_str(), nullptr};
      GDALTranslateOptions* options = GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
      const fs::path out = real / (name + ".vrt");
      GDALDatasetH ds =
          GDALTranslate(out.c_str(), GDALDataset::ToHandle(source.get()), options, nullptr);
      GDALTranslateOptionsFree(options);
      QVERIFY(ds);
      GDALClose(ds);
      assets[name] = {{"href", name + ".vrt"}};
    }
    writeJson(real / "item.json",
              {{"type", "Feature"},
               {"id", "L7_ETMs"},
               {"properties", {{"datetime", "2001-01-01T12:00:00Z"}, {"proj:epsg", 31985}}},
               {"assets", assets}});
    writeJson(real / "catalog.json",
              {{"type", "Catalog"}, {"links", {{{"rel", "item"}, {"href", "item.json"}}}}});

    GDALDatasetUniquePtr shape(GDALDataset::Open(shp.c_str(), GDAL_OF_VECTOR));
    QVERIFY(shape);
    OGRLayer* layer = shape->GetLayer(0);
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(
        OGRCreateCoordinateTransformation(layer->GetSpatialRef(), &wgs84));
    json features = json::array();
    std::map<std::string, double> independent;
    for (auto& feature : *layer) {
      std::unique_ptr<OGRGeometry> g(feature->GetGeometryRef()->clone());
      QVERIFY(g->transform(ct.get()) == OGRERR_NONE);
      const std::string id = std::to_string(feature->GetFID());
      independent[id] = EqualAreaReference::squareMetres(*g);
      char* text = g->exportToJson();
      features.push_back({{"type", "Feature"},
                          {"properties", {{"parcel_id", id}}},
                          {"geometry", json::parse(text)}});
      CPLFree(text);
    }
    QCOMPARE(features.size(), std::size_t(470));
    writeJson(real / "parcels.geojson", {{"type", "FeatureCollection"}, {"features", features}});

    const auto parcels = ParcelReader::readFile(real / "parcels.geojson", {});
    ParcelAssessor assessor(StacCatalog::read(real / "catalog.json").items, CropCalendar::shipped(),
                            {"", 2});
    auto results = assessor.observe(parcels);
    QCOMPARE(results.size(), std::size_t(470));
    int observed = 0;
    for (const auto& r : results) {
      const double expected = independent.at(r.parcelId);
      QVERIFY2(std::fabs(r.areaM2 - expected) / expected < 1e-4, r.parcelId.c_str());
      // One scene is too few for a season: each parcel gets a clear error, none crashes.
      if (r.error.find("only") != std::string::npos)
        ++observed;
      else
        QVERIFY2(r.error.find("outside every scene") != std::string::npos, r.error.c_str());
    }
    QVERIFY(observed > 400);
  }
};

QTEST_GUILESS_MAIN(TestSatellitePipeline)
#include "TestSatellitePipeline.moc"
