#include "SceneSimulator.h"

#include "CalendarDate.h"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>

#include "EqualAreaReference.h"
#include "GdalSetup.h"
#include "GeodesicArea.h"
#include "Observation.h"
#include "PixelCoverage.h"
#include "SimulatedRegion.h"

namespace aviary::satellite {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Reflectance = std::array<double, 7>;

constexpr int kZoneEpsg = 32650, kNextZoneEpsg = 32651;
constexpr double kOriginEasting = 770000, kOriginNorthing = 3600000;  // ~119.9E 32.5N

// A pest defoliates: an orchard's canopy can fall below its dormant-season floor, down to
// a bare field's NDVI (pre_ndvi of the annual crops). Floored at the orchard's own floor, a
// pest on citrus or tea (0.15 above it) could never make crops.md's "drop > 0.15".
constexpr double kBareFieldNdvi = 0.15;

struct Hazard {
  std::string type;
  int season = 0;
  double start = 0, end = 0;
  double magnitude = 0;  // drought: amplitude factor; pest: NDVI drop
};

struct Field {
  std::string id;
  int system = 0;
  CropSystem own;  // its calendar: the normal one, or the region's and its own shift
  double riseShape = 1, fallShape = 1;  // its curve's shape (SimulatedRegion)
  Endmembers spectra;                   // its soil and canopy
  double shift = 0, peakDelta = 0, stress = 1;
  std::vector<Hazard> hazards;
  std::unique_ptr<OGRGeometry> utm, lonLat;
  double areaM2 = 0;
  std::string declared;
  double declaredMu = 0;
};

struct Grid {
  std::string name;
  int epsg;
  std::array<double, 6> gt;
  int width = 0, height = 0;
  // Per pixel: the fields that cover it and by how much (CSR layout).
  std::vector<int> offsets;
  std::vector<int> fieldOf;
  std::vector<float> fractionOf;
  std::vector<float> texture;
};

std::string dateOf(int year, double doy) {
  return CalendarDate::fromYearAndDay(year, std::lround(doy)).iso();
}

OGRSpatialReference srsOf(int epsg) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRGeometry> transformed(const OGRGeometry& g, int fromEpsg, int toEpsg) {
  OGRSpatialReference from = srsOf(fromEpsg), to = srsOf(toEpsg);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&from, &to));
  std::unique_ptr<OGRGeometry> out(g.clone());
  out->transform(ct.get());
  return out;
}

// Fractional vegetation cover giving `ndvi` on bare soil (may go slightly negative: the
// linear mixture extrapolated to a darker-red soil, so that low NDVI targets are met).
double vegetationCover(const Endmembers& em, double ndvi) {
  const double sN = em.soil[kB08], sR = em.soil[kB04];
  const double vN = em.vegetation[kB08], vR = em.vegetation[kB04];
  const double fv =
      (sR * (1 + ndvi) - sN * (1 - ndvi)) / ((vN - sN) * (1 - ndvi) - (vR - sR) * (1 + ndvi));
  return std::clamp(fv, -0.2, 1.0);
}

// `ndvi` sets the canopy cover, solved on spectra.csv's end-members; the field's own soil and
// canopy (`em`) then give its reflectance, so another soil moves NDVI as it does in the field.
Reflectance mixture(const Endmembers& em, double ndvi, double water, double swirFactor,
                    const Endmembers& coverModel) {
  const double fv = vegetationCover(coverModel, ndvi) * (1 - water);
  Reflectance r{};
  for (int b = 0; b < 7; ++b) {
    double veg = em.vegetation[b];
    if (b == kB11 || b == kB12) veg *= swirFactor;
    r[b] = fv * veg + water * em.water[b] + (1 - fv - water) * em.soil[b];
  }
  return r;
}

struct FieldState {
  double ndvi;
  double water;
  double swir;
};

FieldState fieldState(const Field& f, double t) {
  const CropSystem& system = f.own;
  const int si = CropCalendar::seasonAt(system, t, f.shift);
  const CropSeason& s = system.seasons[si];
  double v = SimulatedRegion::seasonNdvi(s, t, f.shift, f.peakDelta, f.riseShape, f.fallShape);
  const double low = s.floor();
  double amplitude = f.stress;
  double water = 0;
  if (s.floodStart && t >= *s.floodStart + f.shift && t <= *s.floodEnd + f.shift) water = 0.85;
  for (const Hazard& h : f.hazards) {
    if (h.type == "drought" && h.season == si) amplitude *= h.magnitude;
    if (h.type == "flood" && t >= h.start && t <= h.end) water = 0.85;
  }
  v = v > low ? low + amplitude * (v - low) : v;
  for (const Hazard& h : f.hazards) {
    const bool beforeHarvest = !s.harvest || t <= *s.harvest + f.shift;
    if (h.type == "pest" && h.season == si && t > h.start && beforeHarvest)
      v = std::max(std::min(low, kBareFieldNdvi),
                   v - h.magnitude * std::min(1.0, (t - h.start) / 4.0));
  }
  return {v, water, s.swirFactor};
}

void writeBand(const fs::path& file, const Grid& grid, GDALDataType type, const void* data) {
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  const char* options[] = {"TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=2", nullptr};
  GDALDatasetUniquePtr ds(
      driver->Create(file.c_str(), grid.width, grid.height, 1, type, const_cast<char**>(options)));
  if (!ds) throw std::runtime_error("cannot write " + file.string());
  std::array<double, 6> gt = grid.gt;
  ds->SetGeoTransform(gt.data());
  OGRSpatialReference srs = srsOf(grid.epsg);
  ds->SetSpatialRef(&srs);
  ds->GetRasterBand(1)->SetNoDataValue(0);
  if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, grid.width, grid.height,
                                     const_cast<void*>(data), grid.width, grid.height, type, 0, 0,
                                     nullptr) != CE_None)
    throw std::runtime_error("cannot write " + file.string());
}

Grid makeGrid(const std::string& name, int epsg, double resolution, const OGREnvelope& extent,
              const std::vector<Field>& fields, std::mt19937_64& rng) {
  Grid grid{name, epsg, {}, 0, 0, {}, {}, {}, {}};
  const double margin = 100;
  const double x0 = std::floor((extent.MinX - margin) / resolution) * resolution;
  const double y1 = std::ceil((extent.MaxY + margin) / resolution) * resolution;
  grid.width = static_cast<int>(std::ceil((extent.MaxX + margin - x0) / resolution));
  grid.height = static_cast<int>(std::ceil((y1 - (extent.MinY - margin)) / resolution));
  grid.gt = {x0, resolution, 0, y1, 0, -resolution};
  const std::size_t n = static_cast<std::size_t>(grid.width) * grid.height;
  std::vector<std::vector<std::pair<int, float>>> perPixel(n);
  for (int f = 0; f < static_cast<int>(fields.size()); ++f) {
    std::unique_ptr<OGRGeometry> g = epsg == kZoneEpsg
                                         ? std::unique_ptr<OGRGeometry>(fields[f].utm->clone())
                                         : transformed(*fields[f].lonLat, 4326, epsg);
    const PixelCoverage c = PixelCoverage::compute(*g, grid.gt, grid.width, grid.height);
    for (int row = 0; row < c.height; ++row)
      for (int col = 0; col < c.width; ++col)
        if (const float w = c.fractions[row * c.width + col]; w > 0)
          perPixel[static_cast<std::size_t>(c.y0 + row) * grid.width + c.x0 + col].push_back(
              {f, w});
  }
  grid.offsets.resize(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    grid.offsets[i] = static_cast<int>(grid.fieldOf.size());
    for (auto [f, w] : perPixel[i]) {
      grid.fieldOf.push_back(f);
      grid.fractionOf.push_back(w);
    }
  }
  grid.offsets[n] = static_cast<int>(grid.fieldOf.size());
  std::normal_distribution<float> texture(1.0f, 0.02f);
  grid.texture.resize(n);
  for (auto& t : grid.texture) t = texture(rng);
  return grid;
}

// A smooth random field in 0..1 (bilinear blend of coarse cells), for cloud shapes.
std::vector<float> cloudField(const Grid& grid, std::mt19937_64& rng) {
  const int cell = 12;
  const int cw = grid.width / cell + 2, ch = grid.height / cell + 2;
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> coarse(static_cast<std::size_t>(cw) * ch);
  for (auto& v : coarse) v = u(rng);
  std::vector<float> field(static_cast<std::size_t>(grid.width) * grid.height);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      const float fx = static_cast<float>(x) / cell, fy = static_cast<float>(y) / cell;
      const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
      const float ax = fx - ix, ay = fy - iy;
      auto at = [&](int i, int j) { return coarse[static_cast<std::size_t>(j) * cw + i]; };
      field[static_cast<std::size_t>(y) * grid.width + x] =
          (1 - ay) * ((1 - ax) * at(ix, iy) + ax * at(ix + 1, iy)) +
          ay * ((1 - ax) * at(ix, iy + 1) + ax * at(ix + 1, iy + 1)) + 0.03f * (u(rng) - 0.5f);
    }
  return field;
}

json ringJson(const OGRLinearRing& ring) {
  json coords = json::array();
  for (int i = 0; i < ring.getNumPoints(); ++i) coords.push_back({ring.getX(i), ring.getY(i)});
  return coords;
}

json geometryJson(const OGRPolygon& p) {
  json rings = json::array();
  rings.push_back(ringJson(*p.getExteriorRing()));
  for (int i = 0; i < p.getNumInteriorRings(); ++i)
    rings.push_back(ringJson(*p.getInteriorRing(i)));
  return {{"type", "Polygon"}, {"coordinates", rings}};
}

// Parcels: sizes log-uniform, star-shaped outlines, shelf-packed (largest first) on a
// UTM grid so that the scenes stay small.
std::vector<Field> layOutFields(const SceneSimulator::Options& options,
                                const std::vector<CropSystem>& systems, std::mt19937_64& rng,
                                std::uniform_real_distribution<double>& u) {
  std::vector<Field> fields(options.parcels);
  struct Shape {
    std::vector<std::pair<double, double>> outline;
    double scale = 0, side = 0;
    bool hole = false;
  };
  std::vector<Shape> shapes(options.parcels);
  double packedArea = 0;
  for (int i = 0; i < options.parcels; ++i) {
    Field& f = fields[i];
    std::ostringstream id;
    id << 'p' << std::setw(4) << std::setfill('0') << i + 1;
    f.id = id.str();
    f.system = static_cast<int>(u(rng) * systems.size()) % static_cast<int>(systems.size());
    const double targetMu =
        options.minAreaMu * std::pow(options.maxAreaMu / options.minAreaMu, u(rng));
    Shape& shape = shapes[i];
    const int vertices = 4 + static_cast<int>(u(rng) * 7);
    for (int k = 0; k < vertices; ++k) {
      const double angle = 2 * M_PI * (k + 0.6 * (u(rng) - 0.5)) / vertices;
      const double radius = 0.75 + 0.5 * u(rng);
      shape.outline.push_back({radius * std::cos(angle), radius * std::sin(angle)});
    }
    double unitArea = 0;
    for (int k = 0; k < vertices; ++k) {
      const auto& a = shape.outline[k];
      const auto& b = shape.outline[(k + 1) % vertices];
      unitArea += (a.first * b.second - b.first * a.second) / 2;
    }
    shape.hole = u(rng) < 0.06;
    if (shape.hole) unitArea -= 0.04 * M_PI;  // a square hole of side 0.2 * sqrt(pi)
    shape.scale = std::sqrt(targetMu * GeodesicArea::kSquareMetresPerMu / unitArea);
    shape.side = 2 * 1.25 * shape.scale + 30;
    packedArea += shape.side * shape.side;
  }
  std::vector<int> order(options.parcels);
  for (int i = 0; i < options.parcels; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return shapes[a].side > shapes[b].side; });
  const double rowWidth = std::max(shapes[order[0]].side, 1.1 * std::sqrt(packedArea));
  double shelfX = 0, shelfY = 0, shelfHeight = 0;
  for (int i : order) {
    const Shape& shape = shapes[i];
    Field& f = fields[i];
    if (shelfX + shape.side > rowWidth) {
      shelfX = 0;
      shelfY += shelfHeight;
      shelfHeight = 0;
    }
    const double cx = kOriginEasting + shelfX + shape.side / 2;
    const double cy = kOriginNorthing - shelfY - shape.side / 2;
    shelfX += shape.side;
    shelfHeight = std::max(shelfHeight, shape.side);
    auto polygon = std::make_unique<OGRPolygon>();
    auto ring = new OGRLinearRing();
    for (const auto& [x, y] : shape.outline)
      ring->addPoint(cx + shape.scale * x, cy + shape.scale * y);
    ring->closeRings();
    polygon->addRingDirectly(ring);
    if (shape.hole) {
      auto inner = new OGRLinearRing();
      const double h = 0.1 * std::sqrt(M_PI) * shape.scale;
      inner->addPoint(cx - h, cy - h);
      inner->addPoint(cx - h, cy + h);
      inner->addPoint(cx + h, cy + h);
      inner->addPoint(cx + h, cy - h);
      inner->closeRings();
      polygon->addRingDirectly(inner);
    }
    f.utm = std::move(polygon);
    f.lonLat = transformed(*f.utm, kZoneEpsg, 4326);
    f.areaM2 = EqualAreaReference::squareMetres(*f.lonLat);
  }
  return fields;
}

// Each field's own calendar, spectra, stress, hazard and declaration.
void drawFieldSeasons(std::vector<Field>& fields, const SimulatedRegion& region,
                      const std::vector<CropSystem>& systems, const Endmembers& em,
                      const SceneSimulator::Options& options, std::mt19937_64& rng,
                      std::uniform_real_distribution<double>& u,
                      std::normal_distribution<double>& normal) {
  for (Field& f : fields) {
    SimulatedRegion::FieldCalendar own = region.fieldCalendar(systems[f.system], rng);
    f.own = std::move(own.system);
    f.riseShape = own.riseShape;
    f.fallShape = own.fallShape;
    f.spectra = region.fieldSpectra(em, rng);
    const CropSystem& system = f.own;
    f.shift = std::clamp(5.0 * normal(rng), -10.0, 10.0);
    f.peakDelta = std::clamp(0.025 * normal(rng), -0.05, 0.05) + region.peakDelta();
    if (system.planted()) {
      if (u(rng) < 0.25) f.stress = 0.8 + 0.15 * u(rng);
      const double draw = u(rng);
      const int si = static_cast<int>(u(rng) * system.seasons.size()) %
                     static_cast<int>(system.seasons.size());
      const CropSeason& s = system.seasons[si];
      const double greenup = s.greenup + f.shift, senescence = s.senescence + f.shift;
      const double share = options.hazardShare;
      if (draw < share) {
        double start = greenup - 5 + u(rng) * std::max(1.0, senescence - greenup - 5);
        if (s.floodStart && start < *s.floodEnd + f.shift + 15) start = *s.floodEnd + f.shift + 15;
        f.hazards.push_back({"flood", si, start, start + 20 + 15 * u(rng), 0.85});
      } else if (draw < 2 * share) {
        f.hazards.push_back({"drought", si, greenup, senescence, 0.45 + 0.2 * u(rng)});
      } else if (draw < 3 * share) {
        const double day = greenup + 15 + u(rng) * std::max(1.0, senescence - greenup - 35);
        f.hazards.push_back({"pest", si, day, day + 4, 0.2 + 0.15 * u(rng)});
      }
    }
    f.declared = u(rng) < 0.9
                     ? system.code
                     : systems[static_cast<int>(u(rng) * systems.size()) % systems.size()].code;
    f.declaredMu = GeodesicArea::mu(f.areaM2) * (0.9 + 0.2 * u(rng));
  }
}

// One scene's pixels: the fields' and background's mixture, clouds (some the mask misses),
// their shadows, cirrus, haze, gain and noise; and the scene classification (SCL).
struct ScenePixels {
  std::array<std::vector<std::uint16_t>, 7> bands;
  std::vector<std::uint8_t> scl;
};

ScenePixels renderPixels(const Grid& grid, const std::vector<Reflectance>& fieldRefl,
                         const Reflectance& background, const std::vector<float>& clouds,
                         float threshold, const SimulatedRegion::SceneLook& look,
                         const Endmembers& em, std::mt19937_64& rng,
                         std::uniform_real_distribution<double>& u,
                         std::normal_distribution<double>& normal) {
  const std::size_t n = clouds.size();
  const int shadowDx = 6, shadowDy = 4;
  ScenePixels pixels;
  auto& bands = pixels.bands;
  for (auto& b : bands) b.resize(n);
  auto& scl = pixels.scl;
  scl.resize(n);
  for (int y = 0; y < grid.height; ++y)
    for (int x = 0; x < grid.width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y) * grid.width + x;
      Reflectance r{};
      double covered = 0;
      for (int c = grid.offsets[i]; c < grid.offsets[i + 1]; ++c) {
        const double w = grid.fractionOf[c];
        covered += w;
        for (int b = 0; b < 7; ++b) r[b] += w * fieldRefl[grid.fieldOf[c]][b];
      }
      const double rest = std::max(0.0, 1 - covered);
      for (int b = 0; b < 7; ++b) r[b] = (r[b] + rest * background[b]) * grid.texture[i];
      const double ndvi = (r[kB08] - r[kB04]) / (r[kB08] + r[kB04]);
      const double mndwi = (r[kB03] - r[kB11]) / (r[kB03] + r[kB11]);
      std::uint8_t label = mndwi > 0 ? 6 : ndvi > 0.3 ? 4 : 5;
      const float c = clouds[i];
      const int sx = x - shadowDx, sy = y - shadowDy;
      const bool shadow =
          sx >= 0 && sy >= 0 && clouds[static_cast<std::size_t>(sy) * grid.width + sx] > threshold;
      if (c > threshold) {
        const double alpha = std::min(1.0, 0.6 + (c - threshold) * 8);
        for (int b = 0; b < 7; ++b)
          r[b] = (1 - alpha) * r[b] + alpha * em.cloud[b] * (1 + 0.05 * normal(rng));
        label = u(rng) < look.missedCloud ? 5 : (c > threshold + 0.08 ? 9 : 8);
      } else if (c > threshold - 0.05) {
        // Thin cloud edge that the mask misses.
        const double alpha = 0.35 * (c - (threshold - 0.05)) / 0.05;
        for (int b = 0; b < 7; ++b) r[b] = (1 - alpha) * r[b] + alpha * em.cloud[b];
      } else if (shadow) {
        for (auto& v : r) v *= 0.3;
        if (u(rng) < 0.8) label = 3;
      }
      if (look.cirrus > 0) {
        for (int b = 0; b < 7; ++b) r[b] = (1 - look.cirrus) * r[b] + look.cirrus * em.cloud[b];
        if (look.cirrusMasked && label != 8 && label != 9 && u(rng) < 0.5) label = 10;
      }
      for (int b = 0; b < 7; ++b) r[b] = (r[b] + look.haze[b]) * look.gain[b];
      for (int b = 0; b < 7; ++b)
        bands[b][i] = static_cast<std::uint16_t>(
            std::clamp(std::lround((r[b] + look.noise * normal(rng)) * 10000), 1L, 65535L));
      scl[i] = label;
    }

  return pixels;
}

// The parcels as GeoJSON, and the truth of each: crop, area, calendar, yield and hazards.
void writeParcelsAndTruth(const fs::path& outDir, const std::vector<Field>& fields,
                          const std::vector<CropSystem>& systems,
                          const SceneSimulator::Options& options) {
  json features = json::array();
  std::ofstream truth(outDir / "truth.jsonl");
  for (const Field& f : fields) {
    const CropSystem& system = systems[f.system];
    features.push_back({{"type", "Feature"},
                        {"properties",
                         {{"parcel_id", f.id},
                          {"owner_id", "farmer-" + std::to_string(options.seed)},
                          {"system", system.code},
                          {"declared_system", f.declared},
                          {"declared_area_mu", std::round(f.declaredMu * 10) / 10}}},
                        {"geometry", geometryJson(*f.lonLat->toPolygon())}});
    json hazards = json::array();
    double yieldFactor = f.stress * (1 + f.peakDelta);
    for (const Hazard& h : f.hazards) {
      hazards.push_back({{"type", h.type},
                         {"start", dateOf(options.year, std::clamp(h.start, 1.0, 365.0))},
                         {"end", dateOf(options.year, std::clamp(h.end, 1.0, 365.0))},
                         {"season", h.season + 1}});
      if (h.type == "drought") yieldFactor *= h.magnitude;
      if (h.type == "pest") yieldFactor *= 1 - h.magnitude;
      if (h.type == "flood") yieldFactor *= 0.8;
    }
    truth << json{{"parcel_id", f.id},
                  {"system", system.code},
                  {"area_m2", f.areaM2},
                  {"area_mu", GeodesicArea::mu(f.areaM2)},
                  {"planting_shift_days",
                   f.shift + (f.own.seasons[0].greenup - system.seasons[0].greenup)},
                  {"peak_delta", f.peakDelta},
                  {"stress", f.stress},
                  {"yield_factor", system.planted() ? yieldFactor : 0.0},
                  {"hazards", hazards}}
                 .dump()
          << '\n';
  }
  std::ofstream(outDir / "parcels.geojson")
      << json{{"type", "FeatureCollection"}, {"features", features}}.dump() << '\n';
}

}  // namespace

SceneSimulator::Summary SceneSimulator::write(const fs::path& outDir, const Options& options,
                                              const CropCalendar& calendar) {
  GdalSetup::registerDrivers();
  fs::create_directories(outDir / "items");
  fs::create_directories(outDir / "scenes");
  std::mt19937_64 rng(options.seed * 7919ULL + 17);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> normal(0, 1);
  const auto& systems = calendar.systems();
  const Endmembers& em = calendar.endmembers();
  const SimulatedRegion region =
      options.varyRegion ? SimulatedRegion::draw(rng) : SimulatedRegion::neutral();

  std::vector<Field> fields = layOutFields(options, systems, rng, u);
  drawFieldSeasons(fields, region, systems, em, options, rng, u, normal);

  // Grids: the main 10 m grid, a 20 m one, and a 10 m grid in the next UTM zone.
  OGREnvelope utmExtent, lonLatExtent;
  for (const Field& f : fields) {
    OGREnvelope e;
    f.utm->getEnvelope(&e);
    utmExtent.Merge(e);
    f.lonLat->getEnvelope(&e);
    lonLatExtent.Merge(e);
  }
  std::vector<Grid> grids;
  grids.push_back(makeGrid("z50r10", kZoneEpsg, 10, utmExtent, fields, rng));
  if (options.otherGrids) {
    grids.push_back(makeGrid("z50r20", kZoneEpsg, 20, utmExtent, fields, rng));
    OGRPolygon box;
    auto ring = new OGRLinearRing();
    ring->addPoint(lonLatExtent.MinX, lonLatExtent.MinY);
    ring->addPoint(lonLatExtent.MaxX, lonLatExtent.MinY);
    ring->addPoint(lonLatExtent.MaxX, lonLatExtent.MaxY);
    ring->addPoint(lonLatExtent.MinX, lonLatExtent.MaxY);
    ring->closeRings();
    box.addRingDirectly(ring);
    box.segmentize(0.001);
    OGREnvelope nextZone;
    transformed(box, 4326, kNextZoneEpsg)->getEnvelope(&nextZone);
    grids.push_back(makeGrid("z51r10", kNextZoneEpsg, 10, nextZone, fields, rng));
  }

  // Scenes.
  json catalog = {{"type", "Catalog"},
                  {"stac_version", "1.0.0"},
                  {"id", "aviary-sim-" + std::to_string(options.seed)},
                  {"description", "Simulated Sentinel-2 L2A scenes (aviary satellite simulate)"},
                  {"links", json::array({{{"rel", "root"}, {"href", "./catalog.json"}}})}};
  const double cloudShape =
      std::max(0.0, 0.8 / std::max(0.01, std::min(options.meanCloud, 0.79)) - 1);
  double cloudSum = 0;
  const Reflectance background =
      mixture(region.regionSpectra(em), region.backgroundNdvi(), 0, 1, em);
  const std::vector<double> regionDays =
      region.varied() ? region.sceneDays(options.dates, rng) : std::vector<double>();
  for (int k = 0; k < options.dates; ++k) {
    const double doy =
        region.varied()
            ? regionDays[k]
            : std::clamp(std::round(1 + (k + 0.5) * 364.0 / options.dates + 4 * (u(rng) - 0.5)),
                         1.0, 365.0);
    const double pick = u(rng);
    const Grid& grid = grids[!options.otherGrids || pick < 0.7 ? 0 : pick < 0.85 ? 1 : 2];
    const double cover = 0.8 * std::pow(u(rng), cloudShape);
    cloudSum += cover;
    const SimulatedRegion::SceneLook look = region.scene(rng);
    const std::string date = dateOf(options.year, doy);
    const std::string id = "S2SIM_" + std::to_string(options.seed) + "_" + date + "_" + grid.name;

    std::vector<Reflectance> fieldRefl(fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const FieldState st = fieldState(fields[f], doy);
      fieldRefl[f] = mixture(fields[f].spectra, st.ndvi, st.water, st.swir, em);
    }
    std::vector<float> clouds = cloudField(grid, rng);
    std::vector<float> sorted = clouds;
    const std::size_t n = clouds.size();
    const std::size_t cut = std::min(n - 1, static_cast<std::size_t>((1 - cover) * n));
    std::nth_element(sorted.begin(), sorted.begin() + cut, sorted.end());
    const float threshold = cover <= 0 ? 2.0f : sorted[cut];

    ScenePixels pixels =
        renderPixels(grid, fieldRefl, background, clouds, threshold, look, em, rng, u, normal);
    auto& bands = pixels.bands;
    auto& scl = pixels.scl;

    json assets = json::object();
    for (int b = 0; b < 8; ++b) {
      if (b == kB05 && look.noRedEdge) continue;
      const std::string band = b < 7 ? kBandNames[b] : "SCL";
      const std::string file = id + "_" + band + ".tif";
      if (b < 7)
        writeBand(outDir / "scenes" / file, grid, GDT_UInt16, bands[b].data());
      else
        writeBand(outDir / "scenes" / file, grid, GDT_Byte, scl.data());
      assets[band] = {{"href", "../scenes/" + file},
                      {"type", "image/tiff; application=geotiff"},
                      {"roles", json::array({"data"})}};
    }
    const double xMax = grid.gt[0] + grid.width * grid.gt[1],
                 yMin = grid.gt[3] + grid.height * grid.gt[5];
    json item = {{"type", "Feature"},
                 {"stac_version", "1.0.0"},
                 {"stac_extensions",
                  json::array({"https://stac-extensions.github.io/projection/v1.1.0/schema.json"})},
                 {"id", id},
                 {"geometry", nullptr},
                 {"properties",
                  {{"datetime", date + "T02:40:00Z"},
                   {"proj:epsg", grid.epsg},
                   {"proj:shape", {grid.height, grid.width}},
                   {"proj:bbox", {grid.gt[0], yMin, xMax, grid.gt[3]}},
                   {"eo:cloud_cover", std::round(cover * 1000) / 10}}},
                 {"assets", assets},
                 {"links", json::array({{{"rel", "root"}, {"href", "../catalog.json"}}})}};
    std::ofstream(outDir / "items" / (id + ".json")) << item.dump(1) << '\n';
    catalog["links"].push_back({{"rel", "item"}, {"href", "./items/" + id + ".json"}});
  }
  std::ofstream(outDir / "catalog.json") << catalog.dump(1) << '\n';

  writeParcelsAndTruth(outDir, fields, systems, options);
  return {options.parcels, options.dates, options.dates ? cloudSum / options.dates : 0};
}

}  // namespace aviary::satellite
