#pragma once

#include <filesystem>
#include <string>

#include "CropCalendar.h"

namespace aviary::satellite {

// Writes a year of Sentinel-2-like scenes over simulated parcels: a STAC catalog with
// GeoTIFF assets, parcels.geojson and truth.jsonl. Fields follow crops.md's double logistic
// and spectra.csv's linear mixture, with shifted planting, varied peaks, stress, hazards,
// mixed edge pixels, clouds with shadows and an imperfect SCL, and scenes on other grids.
class SceneSimulator {
 public:
  struct Options {
    unsigned seed = 1;
    int parcels = 300;
    int dates = 48;
    double meanCloud = 0.35;  // average cloud cover of a scene, each scene 0..0.8
    double minAreaMu = 1, maxAreaMu = 300;
    double hazardShare = 0.08;  // of planted parcels, for each of flood, drought and pest
    int year = 2026;
    bool otherGrids = true;  // some scenes at 20 m, some in the next UTM zone
    // Draw a farming region (SimulatedRegion): calendars, peaks, soils, haze, sensors and
    // revisits that differ from crops.md's normal. Off: the plain simulator.
    bool varyRegion = false;
  };
  struct Summary {
    int parcels = 0, scenes = 0;
    double meanCloud = 0;
  };

  static Summary write(const std::filesystem::path& outDir, const Options& options,
                       const CropCalendar& calendar = CropCalendar::shipped());
};

}  // namespace aviary::satellite
