// Real parcel registers (../shared/data/real/parcels, fiboa test fixtures from 11 registers):
// does every polygon load and get a geodesic area or a clear per-parcel error, and does the
// area agree with an independent equal-area computation and with the register's own figure?
// Usage: bench_satellite_registers [--dir DIR] [--repair-invalid] [--show N]
// Reads the registers in place; nothing is copied into the repository.
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "EqualAreaReference.h"
#include "GeodesicArea.h"
#include "ParcelReader.h"

using namespace aviary::satellite;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Where a register states each parcel's area: the property, its unit in square metres, and
// the step it is rounded to (in its own unit; 0 when it is not rounded).
struct StatedArea {
  const char* filePrefix;
  const char* property;
  double squareMetresPerUnit;
  double roundedTo;
  bool sphere;  // the register's areas are on the mean-radius sphere, not the ellipsoid
};
constexpr StatedArea kStatedAreas[] = {
    {"at__", "SL_FLAECHE_BRUTTO_HA", 10000, 0, false},   {"dk__", "IMK_areal", 10000, 0.01, false},
    {"fi__", "PINTA_ALA", 10000, 0.01, false},           {"india_10k__", "area", 1, 0, true},
    {"jecam__", "Area_ha", 10000, 0.001, false},         {"se__", "faststalld", 10000, 0.01, false},
    {"us_ca_scm__", "ACRES", 4046.8564224, 0.01, false},
};

const StatedArea* statedAreaOf(const std::string& file) {
  for (const auto& s : kStatedAreas)
    if (file.rfind(s.filePrefix, 0) == 0) return &s;
  return nullptr;
}

// Area on a sphere of the mean Earth radius (Chamberlain and Duquette 2007), holes subtracted.
double sphericalSquareMetres(const OGRGeometry& lonLat) {
  constexpr double kRadius = 6371008.8, kRad = M_PI / 180;
  auto ring = [&](const OGRLinearRing& r) {
    double sum = 0;
    for (int i = 0; i + 1 < r.getNumPoints(); ++i)
      sum += (r.getX(i + 1) - r.getX(i)) * kRad *
             (2 + std::sin(r.getY(i) * kRad) + std::sin(r.getY(i + 1) * kRad));
    return std::abs(sum) * kRadius * kRadius / 2;
  };
  auto polygon = [&](const OGRPolygon& p) {
    double a = ring(*p.getExteriorRing());
    for (int i = 0; i < p.getNumInteriorRings(); ++i) a -= ring(*p.getInteriorRing(i));
    return a;
  };
  if (wkbFlatten(lonLat.getGeometryType()) == wkbPolygon) return polygon(*lonLat.toPolygon());
  double a = 0;
  if (wkbFlatten(lonLat.getGeometryType()) == wkbMultiPolygon)
    for (const OGRPolygon* p : *lonLat.toMultiPolygon()) a += polygon(*p);
  return a;
}

double number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) try {
      return std::stod(v.get<std::string>());
    } catch (...) {
    }
  return NAN;
}

double median(std::vector<double> v) {
  if (v.empty()) return NAN;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "../shared/data/real/parcels";
  bool repair = false;
  int show = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (flag == "--repair-invalid")
      repair = true;
    else if (flag == "--show" && i + 1 < argc)
      show = std::stoi(argv[++i]);
    else {
      std::cerr << "usage: bench_satellite_registers [--dir DIR] [--repair-invalid] [--show N]\n";
      return 2;
    }
  }
  if (!fs::is_directory(dir)) {
    std::cerr << "no registers in " << dir << "; run from the repository root next to ../shared "
              << "or pass --dir\n";
    return 1;
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".geojson") files.push_back(entry.path());
  std::sort(files.begin(), files.end());

  std::cout << std::left << std::setw(44) << "register" << std::right << std::setw(7) << "polys"
            << std::setw(7) << "area" << std::setw(7) << "error" << std::setw(11) << "max|ea|%"
            << std::setw(8) << "stated" << std::setw(12) << "within tol" << std::setw(11)
            << "median %" << std::setw(10) << "min mu"
            << "\n";
  int allPolygons = 0, allAreas = 0, allErrors = 0;
  double worstIndependent = 0;
  std::vector<std::string> problems;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    json root = json::parse(in, nullptr, false);
    if (root.is_discarded() || !root.contains("features")) {
      std::cout << file.filename().string() << ": not a FeatureCollection\n";
      continue;
    }
    // The registers name their parcels in their own ways: number them for the reader, which
    // needs properties.parcel_id (the contract), and keep each feature's own properties.
    const std::string name = file.filename().string();
    for (std::size_t i = 0; i < root["features"].size(); ++i) {
      json& f = root["features"][i];
      if (!f.contains("properties") || !f["properties"].is_object())
        f["properties"] = json::object();
      f["properties"]["parcel_id"] = name.substr(0, name.find("__")) + "#" + std::to_string(i + 1);
    }
    const auto parcels = ParcelReader::readText(root.dump(), {repair, 100.0});
    const StatedArea* stated = statedAreaOf(name);
    int areas = 0, errors = 0, compared = 0, withinTolerance = 0;
    double maxIndependent = 0, minMu = INFINITY;
    std::vector<double> statedDiffs;
    std::vector<std::pair<double, std::string>> worst;
    for (std::size_t i = 0; i < parcels.size(); ++i) {
      const Parcel& p = parcels[i];
      if (!p.error.empty()) {
        ++errors;
        if (static_cast<int>(problems.size()) < 40) problems.push_back(p.error);
        continue;
      }
      ++areas;
      const double mu = GeodesicArea::mu(p.areaM2);
      minMu = std::min(minMu, mu);
      const double independent = EqualAreaReference::squareMetres(*p.lonLat);
      const double rel = std::abs(p.areaM2 - independent) / independent;
      if (mu >= 1) maxIndependent = std::max(maxIndependent, rel);
      if (!stated) continue;
      const double value =
          number(root["features"][i]["properties"].value(stated->property, json()));
      if (!(value > 0)) continue;
      ++compared;
      const double statedM2 = value * stated->squareMetresPerUnit;
      const double diff = (p.areaM2 - statedM2) / statedM2;
      statedDiffs.push_back(diff * 100);
      // A register on the sphere is checked against the sphere: that its polygons are read
      // as it drew them; the median column still shows the ellipsoid against the sphere.
      const double own = stated->sphere ? sphericalSquareMetres(*p.lonLat) : p.areaM2;
      const double ownDiff = (own - statedM2) / statedM2;
      // The stated figure is rounded, and registers compute areas in a national planar
      // projection (up to about 0.1% off the ellipsoid): the tolerance allows for both.
      const double tolerance =
          0.5 * stated->roundedTo * stated->squareMetresPerUnit / statedM2 + 0.0015;
      if (std::abs(ownDiff) <= tolerance)
        ++withinTolerance;
      else
        worst.push_back({std::abs(ownDiff), p.id});
    }
    std::sort(worst.rbegin(), worst.rend());
    allPolygons += static_cast<int>(parcels.size());
    allAreas += areas;
    allErrors += errors;
    worstIndependent = std::max(worstIndependent, maxIndependent);
    std::ostringstream tol;
    if (compared) tol << withinTolerance << "/" << compared;
    std::cout << std::left << std::setw(44) << name << std::right << std::setw(7) << parcels.size()
              << std::setw(7) << areas << std::setw(7) << errors << std::setw(11)
              << std::setprecision(2) << std::scientific << maxIndependent * 100 << std::fixed
              << std::setw(8) << std::string(stated ? stated->property : "-").substr(0, 7)
              << std::setw(12) << (compared ? tol.str() : "-") << std::setw(11)
              << std::setprecision(3) << median(statedDiffs) << std::setw(10)
              << std::setprecision(2) << minMu << "\n";
    if (stated && stated->sphere)
      std::cout << "    its areas are on a sphere of radius 6371008.8 m: 'within tol' compares "
                   "our polygon's area on that sphere; the WGS 84 ellipsoid gives the median\n";
    for (int k = 0; k < show && k < static_cast<int>(worst.size()); ++k)
      std::cout << "    outside tolerance: " << worst[k].second << " differs by "
                << std::setprecision(2) << worst[k].first * 100 << "% from the register\n";
  }
  std::cout << "total: " << allPolygons << " polygons, " << allAreas << " with a geodesic area, "
            << allErrors << " with a per-parcel error; largest difference from the "
            << "equal-area computation (parcels of 1 mu or more) " << std::scientific
            << std::setprecision(2) << worstIndependent * 100 << "%\n";
  for (const auto& p : problems) std::cout << "  error: " << p << "\n";
  return 0;
}
