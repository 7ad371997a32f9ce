#include "ParcelsOutsideScenes.h"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>

#include "GdalSetup.h"
#include "LonLatTransform.h"

namespace aviary::satellite {
namespace {

const char* const kOutside =
    " is outside every scene of the catalog, or less than half inside one (or every scene "
    "covering it failed to read); check its coordinates are [lon, lat] in WGS 84 and that the "
    "catalog covers it";

// The lon/lat box of the first item whose first asset GDAL opens.
std::optional<OGREnvelope> sceneBox(const std::vector<SceneItem>& items) {
  GdalSetup::registerDrivers();
  const GdalSetup::QuietErrors quiet;
  for (const auto& item : items) {
    if (!item.error.empty() || item.assets.empty()) continue;
    GDALDatasetUniquePtr raster(
        GDALDataset::Open(item.assets.begin()->second.c_str(), GDAL_OF_RASTER));
    double g[6];
    if (!raster || raster->GetGeoTransform(g) != CE_None || !raster->GetSpatialRef()) continue;
    const auto toLonLat = LonLatTransform::from(*raster->GetSpatialRef());
    if (toLonLat.needed && !toLonLat.transform) continue;
    const double x0 = g[0], y0 = g[3];
    const double x1 = g[0] + g[1] * raster->GetRasterXSize();
    const double y1 = g[3] + g[5] * raster->GetRasterYSize();
    OGREnvelope box;
    box.MinX = std::min(x0, x1);
    box.MinY = std::min(y0, y1);
    box.MaxX = std::max(x0, x1);
    box.MaxY = std::max(y0, y1);
    if (toLonLat.needed &&
        !toLonLat.transform->TransformBounds(box.MinX, box.MinY, box.MaxX, box.MaxY, &box.MinX,
                                             &box.MinY, &box.MaxX, &box.MaxY, 21))
      continue;
    return box;
  }
  return std::nullopt;
}

std::string boxText(const OGREnvelope& box) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(3) << "lon " << box.MinX << ".." << box.MaxX << ", lat "
       << box.MinY << ".." << box.MaxY;
  return text.str();
}

}  // namespace

std::string ParcelsOutsideScenes::errorFor(const std::string& parcelId) {
  return "parcel " + parcelId + kOutside;
}

std::string ParcelsOutsideScenes::describe(const std::vector<Parcel>& parcels,
                                           const std::vector<ParcelResult>& results,
                                           const std::vector<SceneItem>& items) {
  OGREnvelope parcelBox;
  std::size_t read = 0, outside = 0;
  for (std::size_t i = 0; i < parcels.size() && i < results.size(); ++i) {
    if (!parcels[i].error.empty() || !parcels[i].lonLat) continue;
    ++read;
    if (results[i].error != errorFor(parcels[i].id)) continue;
    ++outside;
    OGREnvelope box;
    parcels[i].lonLat->getEnvelope(&box);
    parcelBox.Merge(box);
  }
  if (read == 0 || outside < read) return {};
  std::string text = "none of the " + std::to_string(read) +
                     " parcels lies inside a scene: the parcels lie at " + boxText(parcelBox);
  const auto scenes = sceneBox(items);
  if (!scenes) return text + "; check that the catalog's scenes are of the parcels' place";
  text += ", the catalog's first scene at " + boxText(*scenes);
  OGREnvelope swapped;
  swapped.MinX = parcelBox.MinY;
  swapped.MaxX = parcelBox.MaxY;
  swapped.MinY = parcelBox.MinX;
  swapped.MaxY = parcelBox.MaxX;
  if (swapped.Intersects(*scenes))
    return text +
           ". The parcels fit the scenes with lon and lat swapped: write their "
           "coordinates as [lon, lat]";
  return text + ". Check that the parcels and the catalog are of one place";
}

}  // namespace aviary::satellite
