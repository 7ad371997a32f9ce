#pragma once

#include <array>
#include <random>
#include <vector>

#include "CropCalendar.h"

namespace aviary::satellite {

// What differs from one farming region to another, for the scene simulator (test and
// training data, not production): drawn once per simulated catalog, so that a model trained
// on many regions has seen calendars a month early or late, double-cropping seasons that move
// on their own, taller or shorter peaks, longer or shorter seasons, other soils and verges,
// unmasked haze and thin cloud, noisier sensors without a red edge, and revisit gaps.
// The neutral region changes nothing: the plain simulator, byte for byte.
class SimulatedRegion {
 public:
  // How one scene looks beyond the fields: atmosphere, mask and sensor.
  struct SceneLook {
    std::array<double, 7> haze{};  // path radiance added to every pixel, unmasked
    std::array<double, 7> gain{1, 1, 1, 1, 1, 1, 1};  // the sensor's calibration error
    double noise = 0.003;                             // reflectance noise, standard deviation
    double missedCloud = 0.04;                        // share of cloudy pixels the SCL calls clear
    double cirrus = 0;          // thin cloud over the whole scene (0..1 of the cloud end-member)
    bool cirrusMasked = false;  // the SCL flags that cirrus (class 10) on some pixels
    bool noRedEdge = false;     // a Landsat-like sensor: no B05
  };

  static SimulatedRegion neutral();
  static SimulatedRegion draw(std::mt19937_64& rng);

  bool varied() const { return varied_; }
  // A field's own calendar: the normal system moved by the region's and the field's shift,
  // stretched, steeper or gentler, with its second season moved on its own; and the shape of
  // its curve (Richards exponents of the rising and falling logistic: 1 is crops.md's).
  struct FieldCalendar {
    CropSystem system;
    double riseShape = 1, fallShape = 1;
  };
  FieldCalendar fieldCalendar(const CropSystem& normal, std::mt19937_64& rng) const;
  // A season's NDVI on `doy` with the field's curve shape (crops.md's double logistic when
  // both exponents are 1).
  static double seasonNdvi(const CropSeason& season, double doy, double shiftDays, double peakDelta,
                           double riseShape, double fallShape);
  // A field's own end-members: the region's soil at the field's brightness, the canopy's NIR.
  Endmembers fieldSpectra(const Endmembers& reference, std::mt19937_64& rng) const;
  Endmembers regionSpectra(const Endmembers& reference) const;
  double backgroundNdvi() const { return backgroundNdvi_; }
  // The days of year of `dates` scenes: evenly spread with jitter, minus a rainy-season gap.
  std::vector<double> sceneDays(int dates, std::mt19937_64& rng) const;
  SceneLook scene(std::mt19937_64& rng) const;
  double peakDelta() const { return peakDelta_; }

 private:
  bool varied_ = false;
  double calendarShift_ = 0, stretch_ = 1, rateFactor_ = 1, peakDelta_ = 0;
  double riseShape_ = 1, fallShape_ = 1;
  double soilBrightness_ = 1, soilRedness_ = 0, backgroundNdvi_ = 0.35;
  double hazeMean_ = 0, noise_ = 0.003, missedCloud_ = 0.04, cirrusChance_ = 0;
  double gapStart_ = 0, gapLength_ = 0, noRedEdgeShare_ = 0;
};

}  // namespace aviary::satellite
