#include "SceneStack.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <sstream>

namespace aviary::satellite {
namespace {

constexpr int kSclSlot = 7;  // datasets[0..6] are the bands, [7] is SCL

bool isClearScl(std::uint8_t scl) {
  // 2 dark area, 4 vegetation, 5 bare soil, 6 water, 7 unclassified; the rest is cloud,
  // shadow, snow, saturated or no data.
  return scl == 2 || scl == 4 || scl == 5 || scl == 6 || scl == 7;
}

// GDAL reports through a global handler; keep its messages out of stderr and in our errors.
class QuietGdal {
 public:
  QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
  static std::string lastMessage() {
    const std::string m = CPLGetLastErrorMsg();
    return m.empty() ? "unknown GDAL error" : m;
  }
};

}  // namespace

struct SceneStack::Scene {
  bool opened = false;
  std::string error;
  std::vector<std::string> notes;
  std::array<GDALDatasetUniquePtr, 8> datasets;
  std::array<double, 6> geoTransform{};
  int width = 0, height = 0;
  OGRSpatialReference srs;
  std::string gridKey;
};

SceneStack::SceneStack(std::vector<SceneItem> items) : items_(std::move(items)) {
  GDALAllRegister();
  // Neighbouring parcels share blocks: keep a year of decoded tiles unless the user chose.
  static const bool cacheSet = [] {
    if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr) && GDALGetCacheMax64() < (1LL << 30))
      GDALSetCacheMax64(1LL << 30);
    return true;
  }();
  (void)cacheSet;
  scenes_.resize(items_.size());
  wgs84_ = std::make_unique<OGRSpatialReference>();
  wgs84_->importFromEPSG(4326);
  wgs84_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
}

SceneStack::~SceneStack() = default;

SceneStack::Scene& SceneStack::scene(int index) {
  auto& slot = scenes_[index];
  if (slot) return *slot;
  slot = std::make_unique<Scene>();
  Scene& s = *slot;
  const SceneItem& item = items_[index];
  s.opened = true;
  if (!item.error.empty()) {
    s.error = item.error;
    return s;
  }
  QuietGdal quiet;
  for (int b = 0; b < 8; ++b) {
    const std::string band = b == kSclSlot ? "SCL" : kBandNames[b];
    const auto asset = item.assets.find(band);
    if (asset == item.assets.end()) {
      s.notes.push_back("item " + item.id + " has no " + band + " asset");
      continue;
    }
    GDALDataset* ds = GDALDataset::Open(asset->second.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
    if (!ds) {
      s.notes.push_back("item " + item.id + ": cannot open " + band + " (" + asset->second +
                        "): " + QuietGdal::lastMessage() + "; restore or re-download the file");
      continue;
    }
    s.datasets[b].reset(ds);
  }
  GDALDataset* reference = s.datasets[kB04] ? s.datasets[kB04].get() : s.datasets[kB08].get();
  if (!s.datasets[kB04] || !s.datasets[kB08]) {
    s.error = "item " + item.id + " (" + item.date +
              ") lacks a readable B04 or B08, so NDVI cannot be computed; add both bands";
    return s;
  }
  if (reference->GetGeoTransform(s.geoTransform.data()) != CE_None) {
    s.error = "item " + item.id + " has no geotransform; georeference its rasters";
    return s;
  }
  s.width = reference->GetRasterXSize();
  s.height = reference->GetRasterYSize();
  for (int b = 0; b < 8; ++b) {
    if (!s.datasets[b]) continue;
    std::array<double, 6> gt{};
    s.datasets[b]->GetGeoTransform(gt.data());
    if (s.datasets[b]->GetRasterXSize() != s.width || s.datasets[b]->GetRasterYSize() != s.height ||
        gt != s.geoTransform) {
      s.notes.push_back("item " + item.id + ": " + (b == kSclSlot ? "SCL" : kBandNames[b]) +
                        " is on a different grid from B04; resample it to the item's grid");
      s.datasets[b].reset();
    }
  }
  if (item.epsg > 0) {
    if (s.srs.importFromEPSG(item.epsg) != OGRERR_NONE) {
      s.error = "item " + item.id + " has unknown proj:epsg " + std::to_string(item.epsg);
      return s;
    }
  } else if (const OGRSpatialReference* own = reference->GetSpatialRef()) {
    s.srs = *own;
  } else {
    s.error = "item " + item.id + " has no proj:epsg and its rasters no CRS; add proj:epsg";
    return s;
  }
  s.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char* wkt = nullptr;
  s.srs.exportToWkt(&wkt);
  std::ostringstream key;
  key.precision(17);
  key << (wkt ? wkt : "") << '|' << s.width << 'x' << s.height;
  for (double v : s.geoTransform) key << ',' << v;
  CPLFree(wkt);
  s.gridKey = key.str();
  return s;
}

OGRCoordinateTransformation* SceneStack::transformTo(const Scene& s) {
  const std::string srsKey = s.gridKey.substr(0, s.gridKey.find('|'));
  auto& slot = transforms_[srsKey];
  if (!slot) slot.reset(OGRCreateCoordinateTransformation(wgs84_.get(), &s.srs));
  return slot.get();
}

std::vector<std::string> SceneStack::itemProblems() {
  std::vector<std::string> problems;
  for (int i = 0; i < static_cast<int>(items_.size()); ++i) {
    const Scene& s = scene(i);
    if (!s.error.empty()) problems.push_back(s.error);
    for (const auto& note : s.notes) problems.push_back(note);
  }
  return problems;
}

SceneStack::Window SceneStack::coverageIn(const Parcel& parcel, int index) {
  Window window;
  Scene& s = scene(index);
  if (!s.error.empty() || !parcel.lonLat) return window;
  OGRCoordinateTransformation* ct = transformTo(s);
  if (!ct) return window;
  std::unique_ptr<OGRGeometry> projected(parcel.lonLat->clone());
  if (projected->transform(ct) != OGRERR_NONE) return window;
  window.scene = index;
  window.coverage = PixelCoverage::compute(*projected, s.geoTransform, s.width, s.height);
  return window;
}

bool SceneStack::readBand(int index, int band, const PixelCoverage& w, std::vector<float>& out) {
  Scene& s = scene(index);
  out.assign(static_cast<std::size_t>(w.width) * w.height, NAN);
  if (!s.error.empty() || !s.datasets[band]) return false;
  std::vector<std::uint16_t> raw(out.size());
  QuietGdal quiet;
  if (s.datasets[band]->GetRasterBand(1)->RasterIO(GF_Read, w.x0, w.y0, w.width, w.height,
                                                   raw.data(), w.width, w.height, GDT_UInt16, 0, 0,
                                                   nullptr) != CE_None)
    return false;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] > 0) out[i] = raw[i] / 10000.0f;
  return true;
}

std::vector<Observation> SceneStack::observe(const Parcel& parcel,
                                             std::vector<std::string>& warnings) {
  std::vector<Observation> observations;
  if (!parcel.lonLat) return observations;
  std::map<std::string, PixelCoverage> coverageByGrid;
  std::array<std::vector<std::uint16_t>, 7> bands;
  std::vector<std::uint8_t> scl;
  QuietGdal quiet;
  for (int index = 0; index < static_cast<int>(items_.size()); ++index) {
    Scene& s = scene(index);
    if (!s.error.empty()) continue;
    auto found = coverageByGrid.find(s.gridKey);
    if (found == coverageByGrid.end()) {
      Window window = coverageIn(parcel, index);
      found = coverageByGrid.emplace(s.gridKey, std::move(window.coverage)).first;
    }
    const PixelCoverage& cov = found->second;
    if (cov.empty()) continue;
    const double covered = cov.insidePixels / cov.polygonPixels;
    if (covered < 0.5) continue;  // mostly outside this scene: too few pixels to trust

    const SceneItem& item = items_[index];
    const std::size_t n = static_cast<std::size_t>(cov.width) * cov.height;
    bool readFailed = false;
    for (int b = 0; b < 7 && !readFailed; ++b) {
      bands[b].clear();
      if (!s.datasets[b]) continue;
      bands[b].resize(n);
      if (s.datasets[b]->GetRasterBand(1)->RasterIO(GF_Read, cov.x0, cov.y0, cov.width, cov.height,
                                                    bands[b].data(), cov.width, cov.height,
                                                    GDT_UInt16, 0, 0, nullptr) != CE_None) {
        warnings.push_back("scene " + item.id + " (" + item.date + "): reading " + kBandNames[b] +
                           " failed (" + QuietGdal::lastMessage() +
                           "); the file may be truncated or corrupt, re-download it");
        readFailed = true;
      }
    }
    if (readFailed) continue;
    const bool haveScl = static_cast<bool>(s.datasets[kSclSlot]);
    if (haveScl) {
      scl.resize(n);
      if (s.datasets[kSclSlot]->GetRasterBand(1)->RasterIO(
              GF_Read, cov.x0, cov.y0, cov.width, cov.height, scl.data(), cov.width, cov.height,
              GDT_Byte, 0, 0, nullptr) != CE_None) {
        warnings.push_back("scene " + item.id + " (" + item.date + "): reading SCL failed (" +
                           QuietGdal::lastMessage() + "); the file may be truncated or corrupt");
        continue;
      }
    }

    // Coverage-weighted sums over clear pixels, plus the clear pixels just outside the parcel
    // (zero coverage in the window): they tell what the edge pixels are mixed with.
    std::array<double, 7> sums{}, outside{};
    double clearWeight = 0, ownShare = 0, mixedShare = 0, outsideCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (bands[kB04][i] == 0 || bands[kB08][i] == 0) continue;  // no data
      bool clear;
      if (haveScl)
        clear = isClearScl(scl[i]);
      else
        clear = bands[kB02].empty() || (bands[kB02][i] > 0 && bands[kB02][i] < 1800);
      if (!clear) continue;
      const double w = cov.fractions[i];
      if (w <= 0) {
        outsideCount += 1;
        for (int b = 0; b < 7; ++b)
          if (!bands[b].empty()) outside[b] += bands[b][i];
        continue;
      }
      clearWeight += w;
      ownShare += w * w;
      mixedShare += w * (1 - w);
      for (int b = 0; b < 7; ++b)
        if (!bands[b].empty()) sums[b] += w * bands[b][i];
    }
    Observation o;
    o.itemId = item.id;
    o.date = item.date;
    o.year = item.year;
    o.dayOfYear = item.dayOfYear;
    o.coveredFraction = covered;
    o.clearFraction = clearWeight / cov.polygonPixels;
    // Linear unmixing of the edge: sum(w x) = field * sum(w^2) + outside * sum(w (1 - w)).
    const bool unmix = outsideCount >= 3 && ownShare > 0.4 * clearWeight;
    if (clearWeight > 0)
      for (int b = 0; b < 7; ++b) {
        if (bands[b].empty()) continue;
        double value = sums[b] / clearWeight;
        if (unmix)
          value = std::max(1.0, (sums[b] - outside[b] / outsideCount * mixedShare) / ownShare);
        o.reflectance[b] = value / 10000.0;
      }
    observations.push_back(std::move(o));
  }
  return observations;
}

}  // namespace aviary::satellite
