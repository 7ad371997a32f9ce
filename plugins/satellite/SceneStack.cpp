#include "SceneStack.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "CloudMask.h"
#include "FloatReflectance.h"
#include "GdalSetup.h"
#include "ParallelFor.h"
#include "Sentinel2Offset.h"
#include "UrlQueryMask.h"
#include "VirtualRaster.h"

namespace aviary::satellite {
namespace {

constexpr int kSclSlot = 7;  // datasets[0..6] are the bands, [7] is SCL

bool isClearScl(std::uint8_t scl) {
  // 2 dark area, 4 vegetation, 5 bare soil, 6 water, 7 unclassified; the rest is cloud,
  // shadow, snow, saturated or no data.
  return scl == 2 || scl == 4 || scl == 5 || scl == 6 || scl == 7;
}

// Blue reflectance above which a look without SCL is taken for cloud.
constexpr double kCloudBlue = 0.18;

std::string number(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

// A band on another grid of the same CRS (Sentinel-2 keeps B05, B11, B12 and SCL at 20 m
// beside 10 m B04) is read through an in-memory VRT on the reference grid: nearest neighbour
// when the band is as coarse or coarser (a 20 m pixel becomes four 10 m ones, and SCL classes
// stay classes), the average of its pixels when it is finer. Null when GDAL cannot.
GDALDatasetUniquePtr onGrid(GDALDataset& band, const std::array<double, 6>& gt, int width,
                            int height, bool classes) {
  std::array<double, 6> own{};
  if (band.GetGeoTransform(own.data()) != CE_None || own[2] != 0 || own[4] != 0 || gt[2] != 0 ||
      gt[4] != 0)
    return nullptr;
  const bool finer = std::fabs(own[1]) < std::fabs(gt[1]) - 1e-9;
  return VirtualRaster::translated(
      band, {"-projwin", number(gt[0]), number(gt[3]), number(gt[0] + width * gt[1]),
             number(gt[3] + height * gt[5]), "-outsize", std::to_string(width),
             std::to_string(height), "-r", classes || !finer ? "nearest" : "average"});
}

// A band resampled from a grid `factor` times coarser whose pixel (0, 0) starts at B04's
// pixel (x0, y0); factor 1: on B04's grid, or not aligned with it.
struct CoarseGrid {
  int factor = 1, x0 = 0, y0 = 0;
  bool operator==(const CoarseGrid&) const = default;
};

// How a band's grid `own` nests in B04's grid `gt`: an integer factor and an origin on one of
// B04's pixel corners (Sentinel-2's 20 m grids start where the tile's 10 m grid starts).
CoarseGrid alignedCoarse(const std::array<double, 6>& own, const std::array<double, 6>& gt) {
  const double fx = own[1] / gt[1], fy = own[5] / gt[5];
  const double ox = (own[0] - gt[0]) / gt[1], oy = (own[3] - gt[3]) / gt[5];
  const auto whole = [](double v) { return std::fabs(v - std::round(v)) < 1e-6; };
  if (!whole(fx) || !whole(fy) || std::round(fx) != std::round(fy) || std::round(fx) < 2 ||
      std::round(fx) > 16 || !whole(ox) || !whole(oy))
    return {};
  return {static_cast<int>(std::round(fx)), static_cast<int>(std::round(ox)),
          static_cast<int>(std::round(oy))};
}

// Whether pixel i is clear: by the SCL, or without one by its blue (stored value below
// `blueCloud`).
inline bool isClearPixel(const std::vector<std::uint8_t>& scl,
                         const std::vector<std::uint16_t>& blue, double blueCloud, std::size_t i) {
  if (!scl.empty()) return isClearScl(scl[i]);
  return blue.empty() || (blue[i] > 0 && blue[i] < blueCloud);
}

// Linear unmixing of a plot's edge: sum(w x) = field * sum(w^2) + outside * sum(w (1 - w)),
// with w each pixel's share of the plot. It needs a few clear pixels outside the plot to say
// what the edge is mixed with, and the plot's own pixels to carry most of the mean.
bool edgeUnmixes(double outsidePixels, double ownShare, double clearWeight) {
  return outsidePixels >= 3 && ownShare > 0.4 * clearWeight;
}

// The field's own value (stored units, at least 1) from the sums above.
double unmixedField(double sum, double outsideMean, double mixedShare, double ownShare) {
  return std::max(1.0, (sum - outsideMean * mixedShare) / ownShare);
}

int floorDiv(int a, int b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// "4 items have no B05 asset (a, b, c and 1 more)": the first few of a list of item ids, after
// what is said of one item or of several.
std::string namedItems(const std::vector<std::string>& ids, const std::string& ofOne = "",
                       const std::string& ofSeveral = "") {
  constexpr std::size_t kNamed = 3;
  std::string line = std::to_string(ids.size()) +
                     (ids.size() == 1 ? " item" + ofOne : " items" + ofSeveral) + " (";
  for (std::size_t k = 0; k < ids.size() && k < kNamed; ++k) line += (k ? ", " : "") + ids[k];
  if (ids.size() > kNamed) line += " and " + std::to_string(ids.size() - kNamed) + " more";
  return line + ")";
}

}  // namespace

struct SceneStack::Scene {
  bool opened = false;
  std::string error;
  std::vector<std::string> notes;
  std::vector<std::string> missingBands;  // assets the item does not have
  // Multi-band files, read through a VRT of one of their bands; floating-point files, read
  // through a VRT of UInt16 (FloatReflectance); and the files of bands on another grid, read
  // through a VRT on B04's grid. Declared first, so that the VRTs close before them.
  std::array<GDALDatasetUniquePtr, 8> bandFiles, floatFiles, resampledFiles;
  std::array<GDALDatasetUniquePtr, 8> datasets;
  // Reflectance = stored value / perUnit + offset (division keeps the contract's x 10000
  // exact); blueCloud is the stored blue above which a look without SCL counts as cloud.
  std::array<double, 7> perUnit{}, offset{};
  double blueCloud = 0;
  std::array<CoarseGrid, 7> coarse;
  CloudMask::Kind maskKind = CloudMask::Kind::Scl;  // what the mask slot holds
  // Sentinel-2's offset was declared or inferred, but the values show none: read without it.
  bool offsetDropped = false;
  bool storesFractions = false;  // a band stored reflectance itself, undeclared
  std::array<double, 6> geoTransform{};
  int width = 0, height = 0;
  OGRSpatialReference srs;
  std::string gridKey;
};

// Band and SCL values of a window of a scene, row-major.
struct SceneStack::Pixels {
  int x0 = 0, y0 = 0, width = 0, height = 0;
  std::array<std::vector<std::uint16_t>, 7> bands;  // empty when the scene lacks the band
  std::vector<std::uint8_t> scl;                    // empty when the scene has no SCL
};

// The coarse pixels over a plot's window: each one's share of the plot (the mean of its
// children's fractions on B04's grid) and one of its children (an index into the pixels
// read), -1 for none. B05, B11 and B12 share them.
struct SceneStack::CoarseCells {
  CoarseGrid grid;
  std::vector<double> share;
  std::vector<long> child;
};

SceneStack::CoarseCells SceneStack::coarseCells(const Scene& s, int band, const PixelCoverage& cov,
                                                const Pixels& px) {
  const CoarseGrid& c = s.coarse[band];
  const int f = c.factor;
  const int cx0 = floorDiv(cov.x0 - c.x0, f), cy0 = floorDiv(cov.y0 - c.y0, f);
  const int nx = floorDiv(cov.x0 + cov.width - 1 - c.x0, f) - cx0 + 1;
  const int ny = floorDiv(cov.y0 + cov.height - 1 - c.y0, f) - cy0 + 1;
  CoarseCells cells{c, std::vector<double>(static_cast<std::size_t>(nx) * ny, 0.0), {}};
  cells.child.assign(cells.share.size(), -1);
  for (int row = 0; row < cov.height; ++row)
    for (int col = 0; col < cov.width; ++col) {
      const int cx = floorDiv(cov.x0 + col - c.x0, f) - cx0;
      const int cy = floorDiv(cov.y0 + row - c.y0, f) - cy0;
      const std::size_t k = static_cast<std::size_t>(cy) * nx + cx;
      cells.share[k] += cov.fraction(col, row) / (static_cast<double>(f) * f);
      if (cells.child[k] < 0)
        cells.child[k] =
            static_cast<long>(cov.y0 + row - px.y0) * px.width + (cov.x0 + col - px.x0);
    }
  return cells;
}

SceneStack::SceneStack(std::vector<SceneItem> items) : items_(std::move(items)) {
  GdalSetup::registerDrivers();
  scenes_.resize(items_.size());
  pixels_ = std::make_unique<Pixels>();
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
  GdalSetup::QuietErrors quiet;
  const GdalSetup::ReaderThreadOptions readerOptions;
  for (int b = 0; b < 8; ++b) {
    std::string band = b == kSclSlot ? "SCL" : kBandNames[b];
    auto asset = item.assets.find(band);
    // Without an SCL, Landsat's QA_PIXEL or HLS's Fmask tells the clouds.
    for (const auto kind : {CloudMask::Kind::LandsatQa, CloudMask::Kind::HlsFmask}) {
      if (b != kSclSlot || asset != item.assets.end()) break;
      asset = item.assets.find(CloudMask::assetName(kind));
      if (asset != item.assets.end()) {
        band = asset->first;
        s.maskKind = kind;
      }
    }
    if (asset == item.assets.end()) {
      s.missingBands.push_back(band);
      continue;
    }
    GDALDataset* ds = GDALDataset::Open(asset->second.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
    if (!ds) {
      s.notes.push_back(withUrlQueriesHidden(
          "item " + item.id + ": cannot open " + band + " (" + asset->second +
          "): " + GdalSetup::QuietErrors::lastMessage() +
          "; restore or re-download the file (a signed URL may have expired: sign it again)"));
      continue;
    }
    s.datasets[b].reset(ds);
    const auto inFile = item.bandInFile.find(band);
    if (inFile != item.bandInFile.end() && inFile->second > 1)
      readBandOfFile(s, item.id, b, inFile->second);
  }
  std::optional<double> undeclaredFactor;
  for (int b = 0; b < 7; ++b) {
    const auto scaling = item.scaling.find(kBandNames[b]);
    const SceneItem::BandScaling given =
        scaling == item.scaling.end() ? SceneItem::BandScaling{} : scaling->second;
    s.perUnit[b] = 1.0 / given.scale;
    s.offset[b] = given.offset;
    if (s.datasets[b] && FloatReflectance::isFloat(*s.datasets[b]))
      readFloatAsStored(s, b, scaling != item.scaling.end(), undeclaredFactor);
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
  const OGRSpatialReference* referenceSrs = reference->GetSpatialRef();
  for (int b = 0; b < 8; ++b) {
    if (!s.datasets[b]) continue;
    std::array<double, 6> gt{};
    s.datasets[b]->GetGeoTransform(gt.data());
    if (s.datasets[b]->GetRasterXSize() == s.width && s.datasets[b]->GetRasterYSize() == s.height &&
        gt == s.geoTransform)
      continue;
    const OGRSpatialReference* own = s.datasets[b]->GetSpatialRef();
    const bool sameCrs = !own || !referenceSrs || own->IsSame(referenceSrs);
    GDALDatasetUniquePtr resampled;
    if (sameCrs)
      resampled = onGrid(*s.datasets[b], s.geoTransform, s.width, s.height, b == kSclSlot);
    if (resampled && resampled->GetRasterXSize() == s.width &&
        resampled->GetRasterYSize() == s.height) {
      if (b != kSclSlot) s.coarse[b] = alignedCoarse(gt, s.geoTransform);
      s.resampledFiles[b] = std::move(s.datasets[b]);
      s.datasets[b] = std::move(resampled);
      continue;
    }
    s.notes.push_back("item " + item.id + ": " +
                      (b == kSclSlot ? CloudMask::assetName(s.maskKind) : kBandNames[b]) +
                      " is on a grid " + (sameCrs ? "" : "of another CRS ") +
                      "that cannot be read onto B04's; resample it to the item's grid");
    s.datasets[b].reset();
  }
  checkOffset(s);
  s.blueCloud = (kCloudBlue - s.offset[kB02]) * s.perUnit[kB02];
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
  s.gridKey =
      std::string(wkt ? wkt : "") + '|' + std::to_string(s.width) + 'x' + std::to_string(s.height);
  for (double v : s.geoTransform) s.gridKey += ',' + number(v);
  CPLFree(wkt);
  return s;
}

void SceneStack::readBandOfFile(Scene& s, const std::string& itemId, int slot, int bandInFile) {
  GDALDatasetUniquePtr one;
  if (bandInFile <= s.datasets[slot]->GetRasterCount())
    one = VirtualRaster::translated(*s.datasets[slot], {"-b", std::to_string(bandInFile)});
  if (!one) {
    s.notes.push_back(
        "item " + itemId + ": " +
        std::string(slot == kSclSlot ? CloudMask::assetName(s.maskKind) : kBandNames[slot]) +
        " is band " + std::to_string(bandInFile) + " of its asset's eo:bands, but its file has " +
        std::to_string(s.datasets[slot]->GetRasterCount()) + "; correct the asset's eo:bands");
    s.datasets[slot].reset();
    return;
  }
  s.bandFiles[slot] = std::move(s.datasets[slot]);
  s.datasets[slot] = std::move(one);
}

void SceneStack::readFloatAsStored(Scene& s, int band, bool declared,
                                   std::optional<double>& undeclared) {
  // One exporter writes all of an item's bands alike: the first undeclared band tells.
  if (!declared && !undeclared) undeclared = FloatReflectance::undeclaredFactor(*s.datasets[band]);
  const double factor = declared ? 10000 / s.perUnit[band] : *undeclared;
  GDALDatasetUniquePtr stored = FloatReflectance::asStored(*s.datasets[band], factor);
  if (!stored) return;  // read as it is: its values below 1 read as no data
  s.floatFiles[band] = std::move(s.datasets[band]);
  s.datasets[band] = std::move(stored);
  s.perUnit[band] = 10000;
  s.storesFractions = s.storesFractions || (!declared && factor == 10000);
}

void SceneStack::checkOffset(Scene& s) {
  std::vector<int> withOffset;  // the bands read as Sentinel-2's 10000 x reflectance + 1000
  for (int b = 0; b < 7; ++b)
    if (s.offset[b] == Sentinel2Offset::kOffset && s.perUnit[b] == 10000) withOffset.push_back(b);
  if (withOffset.empty() || !s.datasets[kB02] || !Sentinel2Offset::absentIn(*s.datasets[kB02]))
    return;
  for (int b : withOffset) s.offset[b] = 0;
  s.offsetDropped = true;
}

OGRCoordinateTransformation* SceneStack::transformTo(const Scene& s) {
  const std::string srsKey = s.gridKey.substr(0, s.gridKey.find('|'));
  auto& slot = transforms_[srsKey];
  if (!slot) slot.reset(OGRCreateCoordinateTransformation(wgs84_.get(), &s.srs));
  return slot.get();
}

SceneStack::ItemCheck SceneStack::check(int index) {
  const Scene& s = scene(index);
  return {s.error, s.notes, s.missingBands, s.offsetDropped, s.storesFractions};
}

std::vector<SceneStack::ItemCheck> SceneStack::itemChecks(int threads) const {
  const int count = static_cast<int>(items_.size());
  std::vector<ItemCheck> checks(count);
  // Opening is the costly part (a catalog is thousands of files): each worker opens its share
  // with a stack of its own.
  parallelFor(count, threads, [&](auto& next) {
    SceneStack own(items_);
    for (int i = next(); i < count; i = next()) {
      checks[i] = own.check(i);
      own.close(i);
    }
  });
  return checks;
}

std::vector<std::string> SceneStack::itemProblems(int threads) const {
  return problemsOf(items_, itemChecks(threads));
}

std::vector<std::string> SceneStack::problemsOf(const std::vector<SceneItem>& items,
                                                const std::vector<ItemCheck>& checks) {
  const int count = static_cast<int>(std::min(items.size(), checks.size()));
  std::vector<std::string> problems;
  std::map<std::string, std::vector<std::string>> withoutBand;  // band: the items lacking it
  std::vector<std::string> offsetDropped, offsetInferred, fraction;
  for (int i = 0; i < count; ++i) {
    const ItemCheck& c = checks[i];
    if (!c.error.empty()) problems.push_back(c.error);
    for (const auto& note : c.notes) problems.push_back(note);
    for (const auto& band : c.missingBands) withoutBand[band].push_back(items[i].id);
    if (c.fraction) fraction.push_back(items[i].id);
    if (c.offsetDropped)
      offsetDropped.push_back(items[i].id);
    else if (c.error.empty() && items[i].offsetFromBaseline)
      offsetInferred.push_back(items[i].id);
  }
  // One line for each: a server's metadata is wrong (or silent) for a whole collection.
  if (!offsetDropped.empty())
    problems.push_back(namedItems(offsetDropped) +
                       ": their metadata implies Sentinel-2's stored offset of +1000 (processing "
                       "baseline 04.00), but their blue band stores clear ground below 800, "
                       "which the offset rules out; they are read without it (declare an "
                       "offset of 0 in their raster:bands to say so)");
  if (!offsetInferred.empty())
    problems.push_back(namedItems(offsetInferred) +
                       ": processing baseline 04.00 or later and no raster:bands; read with "
                       "Sentinel-2's offset (reflectance = value / 10000 - 0.1); if their "
                       "values are corrected already, declare an offset of 0 in raster:bands");
  if (!fraction.empty())
    problems.push_back(namedItems(fraction) +
                       ": reflectance stored as floating point of 0..1, not the contract's "
                       "10000 x reflectance; read as such (declare a scale of 1 in their "
                       "raster:bands to say so)");
  // A sensor without a band (Landsat has no B05) lacks it on every date: one line per band.
  for (const auto& [band, ids] : withoutBand)
    problems.push_back(
        namedItems(ids, " has no " + band + " asset", " have no " + band + " asset") +
        (band == "SCL" ? ": clouds on them are told by their brightness in blue alone"
                       : ": their looks go without it; add it if the sensor has it"));
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
  GdalSetup::QuietErrors quiet;
  if (s.datasets[band]->GetRasterBand(1)->RasterIO(GF_Read, w.x0, w.y0, w.width, w.height,
                                                   raw.data(), w.width, w.height, GDT_UInt16, 0, 0,
                                                   nullptr) != CE_None)
    return false;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] > 0) out[i] = static_cast<float>(raw[i] / s.perUnit[band] + s.offset[band]);
  return true;
}

bool SceneStack::read(Scene& s, int x0, int y0, int width, int height, Pixels& pixels,
                      std::string& failure) {
  pixels.x0 = x0;
  pixels.y0 = y0;
  pixels.width = width;
  pixels.height = height;
  const std::size_t n = static_cast<std::size_t>(width) * height;
  GdalSetup::QuietErrors quiet;
  for (int b = 0; b < 8; ++b) {
    const bool scl = b == kSclSlot;
    if (!scl) pixels.bands[b].clear();
    if (scl) pixels.scl.clear();
    if (!s.datasets[b]) continue;
    void* data = nullptr;
    if (scl) {
      pixels.scl.resize(n);
      data = pixels.scl.data();
    } else {
      pixels.bands[b].resize(n);
      data = pixels.bands[b].data();
    }
    const bool maskBits = scl && s.maskKind != CloudMask::Kind::Scl;
    if (maskBits) {
      maskValues_.resize(n);
      data = maskValues_.data();
    }
    if (s.datasets[b]->GetRasterBand(1)->RasterIO(GF_Read, x0, y0, width, height, data, width,
                                                  height, scl && !maskBits ? GDT_Byte : GDT_UInt16,
                                                  0, 0, nullptr) != CE_None) {
      failure = std::string("reading ") + (scl ? CloudMask::assetName(s.maskKind) : kBandNames[b]) +
                " failed (" + withUrlQueriesHidden(GdalSetup::QuietErrors::lastMessage()) +
                "); the file may be truncated or corrupt, re-download it";
      return false;
    }
    if (maskBits)
      for (std::size_t i = 0; i < n; ++i)
        pixels.scl[i] = s.maskKind == CloudMask::Kind::LandsatQa
                            ? CloudMask::sclFromLandsatQa(maskValues_[i])
                            : CloudMask::sclFromHlsFmask(maskValues_[i]);
  }
  return true;
}

Observation SceneStack::summarise(int index, const PixelCoverage& cov, const Pixels& px) const {
  // Coverage-weighted sums over clear pixels, plus the clear pixels just outside the parcel
  // (zero coverage in the window): they tell what the edge pixels are mixed with.
  const auto& bands = px.bands;
  const Scene& s = *scenes_[index];
  std::array<double, 7> sums{}, outside{};
  double clearWeight = 0, ownShare = 0, mixedShare = 0, outsideCount = 0;
  for (int row = 0; row < cov.height; ++row) {
    const std::size_t base =
        static_cast<std::size_t>(cov.y0 + row - px.y0) * px.width + (cov.x0 - px.x0);
    const float* fractions = &cov.fractions[static_cast<std::size_t>(row) * cov.width];
    for (int col = 0; col < cov.width; ++col) {
      const std::size_t i = base + col;
      if (bands[kB04][i] == 0 || bands[kB08][i] == 0) continue;  // no data
      if (!isClearPixel(px.scl, bands[kB02], s.blueCloud, i)) continue;
      const double w = fractions[col];
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
  }
  const SceneItem& item = items_[index];
  Observation o;
  o.itemId = item.id;
  o.date = item.date;
  o.year = item.year;
  o.dayOfYear = item.dayOfYear;
  o.coveredFraction = cov.insidePixels / cov.polygonPixels;
  o.clearFraction = clearWeight / cov.polygonPixels;
  const bool unmix = edgeUnmixes(outsideCount, ownShare, clearWeight);
  o.purity = unmix || clearWeight <= 0 ? 1.0 : ownShare / clearWeight;
  std::optional<CoarseCells> cells;  // of the coarse grid met last
  if (clearWeight > 0)
    for (int b = 0; b < 7; ++b) {
      if (bands[b].empty()) continue;
      double value = sums[b] / clearWeight;
      if (s.coarse[b].factor > 1) {
        if (!cells || !(cells->grid == s.coarse[b])) cells = coarseCells(s, b, cov, px);
        value = coarseBandMean(s, b, *cells, px);
      } else if (unmix)
        value = unmixedField(sums[b], outside[b] / outsideCount, mixedShare, ownShare);
      // Sentinel-2's offset takes the darkest looks (water, shadow) a little below zero.
      o.reflectance[b] = std::max(value / s.perUnit[b] + s.offset[b], s.offset[b] < 0 ? 1e-4 : 0.0);
    }
  return o;
}

double SceneStack::coarseBandMean(const Scene& s, int band, const CoarseCells& cells,
                                  const Pixels& px) const {
  // Each coarse pixel counts once, with its share of the plot, so the edge unmixing sees the
  // mixed pixels the band really has rather than a 10 m edge it does not.
  const std::vector<double>& share = cells.share;
  const std::vector<long>& child = cells.child;
  const auto& values = px.bands[band];
  double sum = 0, clearWeight = 0, ownShare = 0, mixedShare = 0, outside = 0, outsideCount = 0;
  for (std::size_t k = 0; k < share.size(); ++k) {
    const auto i = static_cast<std::size_t>(child[k]);
    if (child[k] < 0 || px.bands[kB04][i] == 0 || px.bands[kB08][i] == 0 || values[i] == 0 ||
        !isClearPixel(px.scl, px.bands[kB02], s.blueCloud, i))
      continue;
    const double w = std::min(1.0, share[k]);
    if (w <= 0) {
      outsideCount += 1;
      outside += values[i];
      continue;
    }
    clearWeight += w;
    ownShare += w * w;
    mixedShare += w * (1 - w);
    sum += w * values[i];
  }
  if (clearWeight <= 0) return NAN;
  if (edgeUnmixes(outsideCount, ownShare, clearWeight))
    return unmixedField(sum, outside / outsideCount, mixedShare, ownShare);
  return sum / clearWeight;
}

void SceneStack::observeScene(int index, const std::vector<const Parcel*>& parcels,
                              GridCoverage& coverage, std::vector<SceneView>& views) {
  views.assign(parcels.size(), {});
  Scene& s = scene(index);
  if (!s.error.empty()) return;
  std::vector<PixelCoverage>& grid = coverage[s.gridKey];
  if (grid.empty()) {
    grid.resize(parcels.size());
    OGRCoordinateTransformation* ct = transformTo(s);
    for (std::size_t k = 0; k < parcels.size() && ct; ++k) {
      if (!parcels[k]->lonLat) continue;
      // The polygon goes into the grid's CRS once; its coverage serves every scene on the grid.
      std::unique_ptr<OGRGeometry> projected(parcels[k]->lonLat->clone());
      if (projected->transform(ct) != OGRERR_NONE) continue;
      grid[k] = PixelCoverage::compute(*projected, s.geoTransform, s.width, s.height);
    }
  }
  // Parcels mostly outside this scene have too few pixels to trust.
  std::vector<std::size_t> inside;
  double windowPixels = 0;
  int x0 = s.width, y0 = s.height, x1 = 0, y1 = 0;
  for (std::size_t k = 0; k < parcels.size(); ++k) {
    const PixelCoverage& c = grid[k];
    if (c.empty() || c.insidePixels / c.polygonPixels < 0.5) continue;
    inside.push_back(k);
    windowPixels += static_cast<double>(c.width) * c.height;
    x0 = std::min(x0, c.x0);
    y0 = std::min(y0, c.y0);
    x1 = std::max(x1, c.x0 + c.width);
    y1 = std::max(y1, c.y0 + c.height);
  }
  if (inside.empty()) return;
  const SceneItem& item = items_[index];
  Pixels& pixels = *pixels_;  // reused: fresh buffers per scene would fault in new pages
  std::string failure;
  // One read for the batch unless the parcels are scattered over a much larger area.
  const double unionPixels = static_cast<double>(x1 - x0) * (y1 - y0);
  if (unionPixels <= 4 * windowPixels + 65536 &&
      read(s, x0, y0, x1 - x0, y1 - y0, pixels, failure)) {
    for (std::size_t k : inside) {
      views[k].seen = true;
      views[k].observation = summarise(index, grid[k], pixels);
    }
    return;
  }
  // Scattered parcels, or a failed batch read (a truncated file may fail for some windows
  // only): one window per parcel.
  for (std::size_t k : inside) {
    const PixelCoverage& c = grid[k];
    if (!read(s, c.x0, c.y0, c.width, c.height, pixels, failure)) {
      views[k].warning = "scene " + item.id + " (" + item.date + "): " + failure;
      continue;
    }
    views[k].seen = true;
    views[k].observation = summarise(index, c, pixels);
  }
}

void SceneStack::close(int index) {
  scenes_[index].reset();
}

std::vector<Observation> SceneStack::observe(const Parcel& parcel,
                                             std::vector<std::string>& warnings) {
  std::vector<Observation> observations;
  if (!parcel.lonLat) return observations;
  const std::vector<const Parcel*> batch{&parcel};
  GridCoverage coverage;
  std::vector<SceneView> views;
  for (int index = 0; index < static_cast<int>(items_.size()); ++index) {
    observeScene(index, batch, coverage, views);
    if (!views[0].warning.empty()) warnings.push_back(std::move(views[0].warning));
    if (views[0].seen) observations.push_back(std::move(views[0].observation));
  }
  return observations;
}

}  // namespace aviary::satellite
