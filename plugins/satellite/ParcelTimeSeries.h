#pragma once

#include <string>
#include <vector>

#include "Observation.h"
#include "SpectralIndices.h"

namespace aviary::satellite {

// Phenology of the smoothed NDVI curve (days of year; NaN when there is no season).
struct Phenology {
  double greenup = NAN, peak = NAN, senescence = NAN, harvest = NAN;
  double peakNdvi = NAN, minNdvi = NAN, amplitude = NAN, integral = NAN;
  double floodSignal = NAN;  // highest MNDWI among clear observations (rice flooding)
  double floodDay = NAN;
  int seasons = 0;
};

// A parcel's index series for one year: observations screened for residual cloud,
// smoothed to a daily curve, and summarised as classifier features.
class ParcelTimeSeries {
 public:
  static constexpr int kDays = 365;

  static ParcelTimeSeries build(std::vector<Observation> observations);

  std::vector<Observation> observations;  // sorted by day (1..kDays), `rejected` set on outliers
  std::vector<SpectralIndices> indices;   // one per observation
  std::vector<double> ndvi, mndwi, lswi, ndre, evi;  // smoothed daily curves, day 1 at [0]
  Phenology phenology;
  int total = 0, clear = 0;

  bool usable() const { return clear >= 3; }
  // How much of what the clear looks show is the parcel's own ground (Observation::purity,
  // weighted by each look's clear share); NaN without a clear look. A plot a pixel or two
  // wide is mostly its neighbours, whose curve then passes for its own.
  double ownSignalShare() const;
  // The season's phenology and levels. Not the curves by calendar day: a model that learns
  // which day a crop greens up on learns one generator's calendar (AlignedPhenology and
  // NormalCurveFit read the curves on the crop's own clock instead).
  std::vector<float> features() const;
  static std::vector<std::string> featureNames();

 private:
  void rejectOutliers();
  void smooth();
  void describePhenology();
};

}  // namespace aviary::satellite
