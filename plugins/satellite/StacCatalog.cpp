#include "StacCatalog.h"

#include "CalendarDate.h"
#include "JsonMember.h"
#include "Observation.h"
#include "Sentinel2Offset.h"
#include "StacBandNames.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

namespace aviary::satellite {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json readJson(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(file.string() + " is not valid JSON: " + e.what());
  }
}

std::string resolveHref(const std::string& href, const fs::path& baseDir) {
  if (href.rfind("/vsi", 0) == 0) return href;
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) return "/vsicurl/" + href;
  // Object-store hrefs (Earth Search's alternate assets) go through GDAL's virtual file systems,
  // which take credentials from the environment (AWS_*, GOOGLE_*), never from the catalog.
  if (href.rfind("s3://", 0) == 0) return "/vsis3/" + href.substr(5);
  if (href.rfind("gs://", 0) == 0) return "/vsigs/" + href.substr(5);
  if (href.rfind("file://", 0) == 0) return href.substr(7);
  const fs::path p(href);
  return p.is_absolute() ? href : (baseDir / p).lexically_normal().string();
}

// The projection extension's EPSG code: proj:epsg (v1), or proj:code "EPSG:32650" (v2).
int epsgOf(const json& props) {
  if (props.contains("proj:epsg") && props["proj:epsg"].is_number_integer())
    return props["proj:epsg"].get<int>();
  const std::string code = stringMember(props, "proj:code");
  if (code.rfind("EPSG:", 0) != 0) return 0;
  try {
    return std::stoi(code.substr(5));
  } catch (const std::exception&) {
    return 0;
  }
}

// The raster:bands scaling of band `index` of an asset of `count` bands; false (with `error`)
// when it is unusable. `declaresOffset` is set when it gives an offset, even 0.
bool readScaling(const json& asset, std::size_t index, std::size_t count,
                 SceneItem::BandScaling& scaling, bool& declaresOffset, std::string& error) {
  const auto bands = asset.find("raster:bands");
  if (bands == asset.end() || !bands->is_array() || bands->size() != count) return true;
  const json& band = (*bands)[index];
  if (!band.is_object()) return true;
  if (band.contains("scale") && band["scale"].is_number()) scaling.scale = band["scale"];
  if (band.contains("offset") && band["offset"].is_number()) {
    scaling.offset = band["offset"];
    declaresOffset = true;
  }
  if (std::isfinite(scaling.scale) && scaling.scale > 0 && std::isfinite(scaling.offset))
    return true;
  error = "raster:bands gives scale " + band.value("scale", json()).dump() + " and offset " +
          band.value("offset", json()).dump() +
          "; correct the asset's raster:bands (reflectance = stored value x scale + offset, with "
          "a scale above 0, e.g. 0.0001) or drop them for the contract's 10000 x reflectance";
  return false;
}

// Band assets go under the contract's names (B02 ... SCL), whatever key the server used;
// other assets (thumbnails, metadata, a Landsat's thermal band) are left out. Returns whether
// a band asset declares an offset.
bool readAssets(const json& root, const fs::path& file, SceneItem& item) {
  bool declaresOffset = false;
  std::map<std::string, int> rankOf;  // band -> rank of the asset it was taken from
  const bool landsatNumbers = StacBandNames::numbersAsLandsat(root);
  for (const auto& [key, asset] : root["assets"].items()) {
    if (!asset.is_object() || !asset.contains("href") || !asset["href"].is_string()) continue;
    const std::string href = resolveHref(asset["href"].get<std::string>(), file.parent_path());
    std::vector<StacBandNames::Match> bands = StacBandNames::matchEach(asset, landsatNumbers);
    if (bands.empty()) bands.push_back(StacBandNames::match(key, asset, landsatNumbers));
    for (std::size_t index = 0; index < bands.size(); ++index) {
      const StacBandNames::Match& match = bands[index];
      if (match.band.empty()) continue;
      const auto taken = rankOf.find(match.band);
      if (taken != rankOf.end() && taken->second <= match.rank) continue;
      SceneItem::BandScaling scaling;
      std::string error;
      if (!readScaling(asset, index, bands.size(), scaling, declaresOffset, error)) {
        item.error = "item " + item.id + ", asset " + key + ": " + error;
        return declaresOffset;
      }
      rankOf[match.band] = match.rank;
      item.assets[match.band] = href;
      if (bands.size() > 1)
        item.bandInFile[match.band] = static_cast<int>(index) + 1;
      else
        item.bandInFile.erase(match.band);
      if (scaling.scale != SceneItem::BandScaling{}.scale || scaling.offset != 0)
        item.scaling[match.band] = scaling;
      else
        item.scaling.erase(match.band);
    }
  }
  return declaresOffset;
}

// Sentinel-2 L2A of processing baseline 04.00 or later stores 10000 x reflectance + 1000. An
// item that says its baseline but declares no offset gets that one; SceneStack then checks it
// against the item's own values (Sentinel2Offset).
void inferBaselineOffset(const json& props, SceneItem& item) {
  std::string baseline = stringMember(props, "s2:processing_baseline");
  if (baseline.empty()) baseline = stringMember(props, "sentinel:processing_baseline");
  if (baseline.empty() || !item.error.empty()) return;
  double number = 0;
  try {
    number = std::stod(baseline);
  } catch (const std::exception&) {
    return;
  }
  if (!(number >= 4.0)) return;  // NaN too
  for (const char* band : kBandNames)
    if (item.assets.count(band) && !item.scaling.count(band)) {
      item.scaling[band] = {SceneItem::BandScaling{}.scale, Sentinel2Offset::kOffset};
      item.offsetFromBaseline = true;
    }
}

// One item's JSON; `file` is where its relative hrefs start from.
SceneItem itemFromJson(const json& root, const fs::path& file, const std::string& fallbackId) {
  SceneItem item;
  item.file = file.string();
  item.id = stringMember(root, "id");
  if (item.id.empty()) item.id = fallbackId;
  const auto found = root.is_object() ? root.find("properties") : root.end();
  const json props = found != root.end() && found->is_object() ? *found : json::object();
  // A STAC item with a time range has "datetime": null and its start in start_datetime.
  item.datetime = stringMember(props, "datetime");
  if (item.datetime.empty()) item.datetime = stringMember(props, "start_datetime");
  if (!StacCatalog::parseDatetime(item.datetime, item.year, item.dayOfYear, item.date)) {
    item.error = "item " + item.id + " has datetime '" + item.datetime +
                 "'; write an RFC 3339 time such as 2026-05-01T02:30:00Z";
    return item;
  }
  item.epsg = epsgOf(props);
  const bool declaresOffset =
      root.contains("assets") && root["assets"].is_object() && readAssets(root, file, item);
  if (!declaresOffset) inferBaselineOffset(props, item);
  if (item.assets.empty())
    item.error = "item " + item.id +
                 " has no band assets (B02 ... B12 and SCL, or their common names blue ... "
                 "swir22 and scl); add its band files";
  return item;
}

SceneItem readItem(const fs::path& file, const std::string& linkHref) {
  json root;
  try {
    root = readJson(file);
  } catch (const std::exception& e) {
    SceneItem item;
    item.file = file.string();
    item.id = linkHref;
    item.error = std::string("catalog links to item ") + linkHref + " but " + e.what() +
                 "; restore the file or remove the link";
    return item;
  }
  return itemFromJson(root, file, linkHref);
}

SceneItem problem(const fs::path& file, const std::string& error) {
  SceneItem item;
  item.file = item.id = file.string();
  item.error = error;
  return item;
}

// A STAC API search result saved to a file (an ItemCollection): its items are inline.
void readItemCollection(const fs::path& file, const json& root, std::vector<SceneItem>& items) {
  const json& features = root["features"];
  for (std::size_t i = 0; i < features.size(); ++i)
    items.push_back(itemFromJson(features[i], file,
                                 file.filename().string() + " feature " + std::to_string(i + 1)));
  if (!root.contains("links") || !root["links"].is_array()) return;
  for (const auto& link : root["links"])
    if (stringMember(link, "rel") == "next")
      items.push_back(problem(
          file, "the search result " + file.string() + " is one page of several (it links to a " +
                    "next page); save every page into the file, e.g. stac-client search " +
                    "--max-items, or page through the API and merge the features"));
}

void readCatalog(const fs::path& file, std::vector<SceneItem>& items, std::set<fs::path>& seen,
                 bool top) {
  if (!seen.insert(fs::weakly_canonical(file)).second) return;
  json root;
  try {
    root = readJson(file);
  } catch (const std::exception& e) {
    if (top) throw std::runtime_error(std::string("cannot read the STAC catalog: ") + e.what());
    items.push_back(problem(file, std::string("child catalog unreadable: ") + e.what()));
    return;
  }
  const std::string type = root.is_object() ? stringMember(root, "type") : "";
  if (type == "FeatureCollection" && root.contains("features") && root["features"].is_array()) {
    readItemCollection(file, root, items);
    return;
  }
  if (type == "Feature") {
    items.push_back(itemFromJson(root, file, file.filename().string()));
    return;
  }
  if (!root.is_object() || !root.contains("links") || !root["links"].is_array()) {
    if (top)
      throw std::runtime_error("the STAC catalog " + file.string() +
                               " has no links array; give a catalog.json that links its items, "
                               "or a STAC API search result (a FeatureCollection of items)");
    return;
  }
  for (const auto& link : root["links"]) {
    const std::string rel = stringMember(link, "rel"), href = stringMember(link, "href");
    if (href.empty()) continue;
    const fs::path target = (file.parent_path() / href).lexically_normal();
    // A collection's "items" link is a STAC API endpoint unless it names a saved file.
    const bool endpoint = href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0;
    if (rel == "item")
      items.push_back(readItem(target, href));
    else if (rel == "child" || (rel == "items" && !endpoint))
      readCatalog(target, items, seen, false);
  }
}

}  // namespace

bool StacCatalog::parseDatetime(const std::string& text, int& year, int& dayOfYear,
                                std::string& date) {
  static const std::regex pattern(
      R"(^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)");
  std::smatch m;
  if (!std::regex_match(text, m, pattern)) return false;
  const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (std::stoi(m[4]) > 23 || std::stoi(m[5]) > 59 || std::stoi(m[6]) > 60) return false;
  const auto calendarDate = CalendarDate::fromParts(y, mo, d);
  if (!calendarDate) return false;
  year = y;
  dayOfYear = calendarDate->dayOfYear();
  date = text.substr(0, 10);
  return true;
}

StacCatalog StacCatalog::read(const fs::path& catalogFile) {
  StacCatalog catalog;
  std::set<fs::path> seen;
  readCatalog(catalogFile, catalog.items, seen, true);
  return catalog;
}

}  // namespace aviary::satellite
