#include "VectorParcelLayer.h"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <vector>

#include "AsciiLower.h"
#include "GdalSetup.h"
#include "LonLatTransform.h"

namespace aviary::satellite {
namespace {

using nlohmann::json;

bool isPolygonLayer(OGRLayer& layer) {
  switch (wkbFlatten(layer.GetGeomType())) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbUnknown:  // mixed types, as KML and GeoJSON-like formats declare
      return true;
    default:
      return false;
  }
}

OGRLayer& polygonLayer(GDALDataset& dataset, const std::string& file) {
  std::vector<OGRLayer*> polygons;
  std::string names;
  for (OGRLayer* layer : dataset.GetLayers()) {
    names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
    if (isPolygonLayer(*layer)) polygons.push_back(layer);
  }
  if (polygons.size() == 1) return *polygons.front();
  if (polygons.empty())
    throw std::runtime_error("parcels file " + file +
                             " has no polygon layer (layers: " + (names.empty() ? "none" : names) +
                             "); give the layer of the parcels' boundaries");
  throw std::runtime_error(
      "parcels file " + file + " has " + std::to_string(polygons.size()) + " polygon layers (" +
      names + "); keep the parcels' layer alone, e.g. ogr2ogr parcels.gpkg " + file + " LAYER");
}

// The contract's property a field stands for, or the field's own name.
std::string propertyName(const std::string& field) {
  static const std::array<std::string, 5> contract = {"parcel_id", "owner_id", "system",
                                                      "declared_system", "declared_area_mu"};
  const std::string lower = asciiLower(field);
  for (const auto& name : contract)
    if (lower == name || (lower.size() == 10 && name.compare(0, 10, lower) == 0)) return name;
  return field;
}

json properties(OGRFeature& feature) {
  json props = json::object();
  for (int i = 0; i < feature.GetFieldCount(); ++i) {
    const OGRFieldDefn* field = feature.GetFieldDefnRef(i);
    json& value = props[propertyName(field->GetNameRef())];
    if (!feature.IsFieldSetAndNotNull(i)) continue;  // stays null
    switch (field->GetType()) {
      case OFTInteger:
      case OFTInteger64:
        value = feature.GetFieldAsInteger64(i);
        break;
      case OFTReal:
        value = feature.GetFieldAsDouble(i);
        break;
      default:
        value = feature.GetFieldAsString(i);
    }
  }
  return props;
}

// A GeoJSON geometry in the layer's coordinates; null when there is none (the reader says so).
json geometry(const OGRGeometry* source) {
  if (!source || source->IsEmpty()) return json();
  std::unique_ptr<OGRGeometry> linear(source->getLinearGeometry());
  if (!linear) return json();
  if (wkbFlatten(linear->getGeometryType()) == wkbGeometryCollection)
    linear.reset(OGRGeometryFactory::forceToMultiPolygon(linear.release()));
  linear->flattenTo2D();
  char* text = linear->exportToJson();
  if (!text) return json();
  json parsed = json::parse(text, nullptr, false);
  CPLFree(text);
  return parsed.is_discarded() ? json() : parsed;
}

}  // namespace

VectorParcelLayer VectorParcelLayer::read(const std::filesystem::path& file) {
  GdalSetup::registerDrivers();
  const GdalSetup::QuietErrors quiet;
  GDALDatasetUniquePtr dataset(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) {
    std::string why = GdalSetup::QuietErrors::lastMessage();
    throw std::runtime_error("cannot read parcels file " + file.string() +
                             ": it is no GeoJSON, and GDAL reads no vector format from it (" +
                             (why.empty() ? "format not recognised" : why) +
                             "); give a GeoJSON FeatureCollection, a Shapefile (with its .shx, "
                             ".dbf and .prj) or a GeoPackage");
  }
  OGRLayer& layer = polygonLayer(*dataset, file.string());
  VectorParcelLayer parcels;
  if (const OGRSpatialReference* crs = layer.GetSpatialRef())  // none: read as lon/lat
    parcels.toWgs84 = LonLatTransform::forParcels(*crs, "the CRS of parcels file " + file.string());
  layer.ResetReading();
  for (auto& feature : layer)
    parcels.features.push_back({{"type", "Feature"},
                                {"properties", properties(*feature)},
                                {"geometry", geometry(feature->GetGeometryRef())}});
  return parcels;
}

}  // namespace aviary::satellite
