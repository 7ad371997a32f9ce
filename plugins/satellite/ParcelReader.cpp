#include "ParcelReader.h"

#include <geos_c.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "AsciiLower.h"
#include "GdalSetup.h"
#include "GeodesicArea.h"
#include "JsonMember.h"
#include "LonLatTransform.h"
#include "VectorParcelLayer.h"

namespace aviary::satellite {
namespace {

using nlohmann::json;

// Builds one ring; throws std::invalid_argument with the fix when it is not a closed ring.
// `projected`: the file declared another CRS, whose coordinates are no lon/lat.
OGRLinearRing makeRing(const json& positions, int ringIndex, bool projected) {
  const std::string where = "ring " + std::to_string(ringIndex);
  if (!positions.is_array() || positions.empty())
    throw std::invalid_argument("empty polygon (" + where +
                                " has no positions); draw the parcel again");
  OGRLinearRing ring;
  for (const auto& p : positions) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw std::invalid_argument(where + " has a position that is not [lon, lat]");
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!projected && (std::fabs(lon) > 180 || std::fabs(lat) > 90))
      throw std::invalid_argument(where + " has " + p.dump() +
                                  " outside lon/lat range; coordinates must be WGS 84 [lon, lat]");
    ring.addPoint(lon, lat);
  }
  const int n = ring.getNumPoints();
  if (n < 4)
    throw std::invalid_argument(where + " has " + std::to_string(n) +
                                " positions; a closed ring needs at least 4 (first = last)");
  if (ring.getX(0) != ring.getX(n - 1) || ring.getY(0) != ring.getY(n - 1))
    throw std::invalid_argument("unclosed polygon: " + where +
                                " does not end where it starts; repeat the first position last");
  return ring;
}

OGRPolygon makePolygon(const json& rings, int& ringCounter, bool projected) {
  if (!rings.is_array() || rings.empty())
    throw std::invalid_argument("empty polygon (no rings); draw the parcel again");
  OGRPolygon polygon;
  for (const auto& r : rings) {
    OGRLinearRing ring = makeRing(r, ringCounter++, projected);
    polygon.addRing(&ring);  // a copy: only addRingDirectly takes ownership
  }
  return polygon;
}

std::unique_ptr<OGRGeometry> makeGeometry(const json& geometry, bool projected) {
  if (!geometry.is_object()) throw std::invalid_argument("empty polygon (geometry is null)");
  const std::string type = stringMember(geometry, "type");
  const json& coords = geometry.contains("coordinates") ? geometry["coordinates"] : json();
  int ringCounter = 0;
  if (type == "Polygon")
    return std::make_unique<OGRPolygon>(makePolygon(coords, ringCounter, projected));
  if (type == "MultiPolygon") {
    if (!coords.is_array() || coords.empty())
      throw std::invalid_argument("empty polygon (MultiPolygon without parts)");
    auto multi = std::make_unique<OGRMultiPolygon>();
    for (const auto& part : coords) {
      const OGRPolygon polygon = makePolygon(part, ringCounter, projected);
      multi->addGeometry(&polygon);  // a copy, as addRing's
    }
    return multi;
  }
  throw std::invalid_argument("geometry type '" + type + "' is not a Polygon or MultiPolygon");
}

// GEOS says why a geometry is invalid ("Self-intersection[x y]"); OGR only says that it is.
std::string invalidityReason(const OGRGeometry& geometry) {
  GEOSContextHandle_t context = OGRGeometry::createGEOSContext();
  std::string reason = "invalid geometry";
  if (GEOSGeometry* g = geometry.exportToGEOS(context)) {
    if (char* text = GEOSisValidReason_r(context, g)) {
      reason = text;
      GEOSFree_r(context, text);
    }
    GEOSGeom_destroy_r(context, g);
  }
  OGRGeometry::freeGEOSContext(context);
  return reason;
}

// The CRS a file names in the "crs" member of GeoJSON's 2008 draft, as QGIS and older GDAL
// still write it; RFC 7946 dropped it for WGS 84 [lon, lat]. Null for WGS 84 lon/lat itself
// (or no member); throws std::runtime_error for a name PROJ does not know.
std::unique_ptr<OGRCoordinateTransformation> toLonLat(const json& root) {
  const auto crs = root.find("crs");
  if (crs == root.end() || !crs->is_object()) return nullptr;
  const std::string name = stringMember(crs->value("properties", json::object()), "name");
  if (name.empty()) return nullptr;
  // Only EPSG codes and CRS84 by name: PROJ would also read a file or a URL named there.
  static const std::regex epsg(R"(^(?:urn:ogc:def:crs:EPSG:[0-9.]*:|EPSG:)(\d{4,6})$)",
                               std::regex::icase);
  static const std::regex crs84(R"(^(?:urn:ogc:def:crs:OGC:1\.3:CRS84|OGC:CRS84)$)",
                                std::regex::icase);
  if (std::regex_match(name, crs84)) return nullptr;
  std::smatch code;
  OGRSpatialReference source;
  const GdalSetup::QuietErrors quiet;
  if (!std::regex_match(name, code, epsg) ||
      source.importFromEPSG(std::stoi(code[1].str())) != OGRERR_NONE)
    throw std::runtime_error("the parcels file declares the CRS \"" + name +
                             "\", which is no EPSG code PROJ knows; write it as "
                             "urn:ogc:def:crs:EPSG::<code>, or export the parcels in WGS 84 "
                             "(EPSG:4326)");
  return LonLatTransform::forParcels(source,
                                     "the parcels file declares the CRS \"" + name + "\", which");
}

// The names of a feature's properties, for a message that asks which one is the id.
std::string propertyList(const json& props) {
  if (props.empty()) return " (nor any other property)";
  std::string names;
  int shown = 0;
  for (const auto& [name, value] : props.items()) {
    if (++shown > 8) return " (its properties: " + names + ", ...)";
    names += (names.empty() ? "" : ", ") + name;
  }
  return " (its properties: " + names + ")";
}

Parcel readFeature(const json& feature, std::size_t index, const ParcelReader::Options& options,
                   OGRCoordinateTransformation* toWgs84) {
  Parcel parcel;
  const json props = feature.contains("properties") && feature["properties"].is_object()
                         ? feature["properties"]
                         : json::object();
  auto text = [&](const char* key) {
    if (!props.contains(key) || props[key].is_null()) return std::string();
    return props[key].is_string() ? props[key].get<std::string>() : props[key].dump();
  };
  // An id may take several properties (a field number repeats across farms): "Journalnr,Marknr".
  std::stringstream idParts(options.idProperty);
  for (std::string part; std::getline(idParts, part, ',');) {
    // "Journalnr, Marknr" as people type it names Marknr, not " Marknr".
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    const std::string value = text(part.c_str());
    if (value.empty()) {
      parcel.id.clear();
      break;
    }
    parcel.id += (parcel.id.empty() ? "" : "/") + value;
  }
  parcel.ownerId = text("owner_id");
  parcel.declaredSystem = text("declared_system");
  parcel.system = text("system");
  if (props.contains("declared_area_mu") && props["declared_area_mu"].is_number())
    parcel.declaredAreaMu = props["declared_area_mu"].get<double>();
  if (parcel.id.empty()) {
    parcel.id = "#" + std::to_string(index + 1);
    parcel.error = "feature " + parcel.id + " has no properties." + options.idProperty +
                   propertyList(props) +
                   "; give every parcel an id, or name the property that holds one (--id-field on "
                   "the command line, id_field in a case's satellite inputs)";
    return parcel;
  }
  try {
    std::unique_ptr<OGRGeometry> geometry =
        makeGeometry(feature.value("geometry", json()), toWgs84 != nullptr);
    if (geometry->IsEmpty()) throw std::invalid_argument("empty polygon");
    // PROJ's "Point outside of projection domain" and GEOS's "Self-intersection at ..." are
    // said in the parcel's own error.
    const GdalSetup::QuietErrors quiet;
    if (toWgs84 && geometry->transform(toWgs84) != OGRERR_NONE)
      throw std::invalid_argument(
          "its coordinates cannot be transformed from the file's CRS to WGS 84; check that "
          "the file's \"crs\" is the one its coordinates are in");
    if (!geometry->IsValid()) {
      const std::string reason = invalidityReason(*geometry);
      if (!options.repairInvalid)
        throw std::invalid_argument("invalid polygon (" + reason +
                                    "); redraw the boundary so that its edges do not cross, or "
                                    "assess with --repair-invalid");
      std::unique_ptr<OGRGeometry> repaired(geometry->MakeValid());
      if (!repaired || repaired->IsEmpty())
        throw std::invalid_argument("invalid polygon (" + reason + ") that cannot be repaired");
      parcel.warnings.push_back("polygon repaired with MakeValid (" + reason + ")");
      geometry = std::move(repaired);
    }
    parcel.areaM2 = GeodesicArea::squareMetres(*geometry);
    if (parcel.areaM2 <= 0) throw std::invalid_argument("empty polygon (zero area)");
    if (parcel.areaM2 > options.maxAreaKm2 * 1e6) {
      std::ostringstream message;
      message << "polygon of " << parcel.areaM2 / 1e6 << " km² is larger than "
              << options.maxAreaKm2 << " km²; a farm parcel this big is a drawing mistake, "
              << "split it or check the coordinates";
      throw std::invalid_argument(message.str());
    }
    parcel.lonLat = std::move(geometry);
  } catch (const std::invalid_argument& e) {
    parcel.error = "parcel " + parcel.id + ": " + e.what();
    parcel.lonLat.reset();
  }
  return parcel;
}

std::vector<Parcel> readFeatures(const json& features, const ParcelReader::Options& options,
                                 OGRCoordinateTransformation* toWgs84) {
  std::vector<Parcel> parcels;
  parcels.reserve(features.size());
  std::map<std::string, std::size_t> firstFeature;  // parcel id -> its first feature (1-based)
  for (std::size_t i = 0; i < features.size(); ++i) {
    parcels.push_back(readFeature(features[i], i, options, toWgs84));
    Parcel& parcel = parcels.back();
    if (!parcel.error.empty() && parcel.id == "#" + std::to_string(i + 1)) continue;  // no id
    const auto [first, isNew] = firstFeature.emplace(parcel.id, i + 1);
    if (isNew) continue;
    // Two lines with one id could not be told apart downstream: the first one stands.
    parcel.error = "parcel " + parcel.id + ": feature " + std::to_string(i + 1) +
                   " has the id of feature " + std::to_string(first->second) +
                   "; give every parcel its own parcel_id, or merge the parts of one parcel "
                   "into a MultiPolygon";
    parcel.lonLat.reset();
    parcel.areaM2 = 0;
  }
  return parcels;
}

bool isGeoJsonFile(const std::filesystem::path& file) {
  const std::string extension = asciiLower(file.extension().string());
  return extension == ".geojson" || extension == ".json";
}

}  // namespace

std::vector<Parcel> ParcelReader::readText(const std::string& geojson, const Options& options) {
  json root;
  try {
    root = json::parse(geojson);
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("parcels are not valid JSON: ") + e.what());
  }
  if (!root.is_object() || stringMember(root, "type") != "FeatureCollection" ||
      !root.contains("features") || !root["features"].is_array())
    throw std::runtime_error("parcels must be a GeoJSON FeatureCollection with a features array");
  const auto toWgs84 = toLonLat(root);
  return readFeatures(root["features"], options, toWgs84.get());
}

std::vector<Parcel> ParcelReader::readFile(const std::filesystem::path& file,
                                           const Options& options) {
  std::error_code missing;
  if (!std::filesystem::exists(file, missing) && file.string().rfind("/vsi", 0) != 0)
    throw std::runtime_error("cannot read parcels file " + file.string() + ": no such file");
  if (!isGeoJsonFile(file)) {
    const auto layer = VectorParcelLayer::read(file);
    return readFeatures(layer.features, options, layer.toWgs84.get());
  }
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read parcels file " + file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return readText(buffer.str(), options);
}

}  // namespace aviary::satellite
