#include "StacCatalog.h"

#include "CalendarDate.h"
#include "JsonMember.h"

#include <chrono>
#include <fstream>
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
  if (href.rfind("file://", 0) == 0) return href.substr(7);
  const fs::path p(href);
  return p.is_absolute() ? href : (baseDir / p).lexically_normal().string();
}

SceneItem readItem(const fs::path& file, const std::string& linkHref) {
  SceneItem item;
  item.file = file.string();
  item.id = linkHref;
  json root;
  try {
    root = readJson(file);
  } catch (const std::exception& e) {
    item.error = std::string("catalog links to item ") + linkHref + " but " + e.what() +
                 "; restore the file or remove the link";
    return item;
  }
  item.id = root.value("id", linkHref);
  const json props = root.contains("properties") && root["properties"].is_object()
                         ? root["properties"]
                         : json::object();
  item.datetime = props.contains("datetime") && props["datetime"].is_string()
                      ? props["datetime"].get<std::string>()
                      : "";
  if (!StacCatalog::parseDatetime(item.datetime, item.year, item.dayOfYear, item.date)) {
    item.error = "item " + item.id + " has datetime '" + item.datetime +
                 "'; write an RFC 3339 time such as 2026-05-01T02:30:00Z";
    return item;
  }
  if (props.contains("proj:epsg") && props["proj:epsg"].is_number_integer())
    item.epsg = props["proj:epsg"].get<int>();
  if (root.contains("assets") && root["assets"].is_object())
    for (const auto& [band, asset] : root["assets"].items())
      if (asset.is_object() && asset.contains("href") && asset["href"].is_string())
        item.assets[band] = resolveHref(asset["href"].get<std::string>(), file.parent_path());
  if (item.assets.empty()) item.error = "item " + item.id + " has no assets; add its band files";
  return item;
}

void readCatalog(const fs::path& file, std::vector<SceneItem>& items, std::set<fs::path>& seen,
                 bool top) {
  if (!seen.insert(fs::weakly_canonical(file)).second) return;
  json root;
  try {
    root = readJson(file);
  } catch (const std::exception& e) {
    if (top) throw std::runtime_error(std::string("cannot read the STAC catalog: ") + e.what());
    items.push_back({file.string(),
                     file.string(),
                     "",
                     "",
                     0,
                     0,
                     0,
                     {},
                     std::string("child catalog unreadable: ") + e.what()});
    return;
  }
  if (!root.is_object() || !root.contains("links") || !root["links"].is_array()) {
    if (top) throw std::runtime_error("the STAC catalog " + file.string() + " has no links array");
    return;
  }
  for (const auto& link : root["links"]) {
    const std::string rel = stringMember(link, "rel"), href = stringMember(link, "href");
    if (href.empty()) continue;
    const fs::path target = (file.parent_path() / href).lexically_normal();
    if (rel == "item")
      items.push_back(readItem(target, href));
    else if (rel == "child")
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
