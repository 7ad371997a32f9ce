#include "SimulatedRegion.h"

#include <algorithm>
#include <cmath>

#include "Observation.h"

namespace aviary::satellite {
namespace {

// How a redder soil moves each band (iron oxides: less blue, more red), B02..B12.
constexpr std::array<double, 7> kReddening = {-0.3, -0.1, 0.3, 0.2, 0.0, 0.0, 0.0};
// Haze scatters short wavelengths most: path radiance per band relative to B02.
constexpr std::array<double, 7> kHazeSpectrum = {1.0, 0.7, 0.5, 0.35, 0.2, 0.05, 0.03};

double uniform(std::mt19937_64& rng, double a, double b) {
  return std::uniform_real_distribution<double>(a, b)(rng);
}

}  // namespace

SimulatedRegion SimulatedRegion::neutral() {
  return {};
}

SimulatedRegion SimulatedRegion::draw(std::mt19937_64& rng) {
  SimulatedRegion r;
  r.varied_ = true;
  r.calendarShift_ = uniform(rng, -20, 20);
  r.stretch_ = uniform(rng, 0.9, 1.1);
  r.rateFactor_ = uniform(rng, 0.75, 1.35);
  r.peakDelta_ = uniform(rng, -0.06, 0.04);
  // Curve shapes: a gentler start and a sudden top, or the other way round.
  r.riseShape_ = std::exp(uniform(rng, std::log(0.5), std::log(2.0)));
  r.fallShape_ = std::exp(uniform(rng, std::log(0.5), std::log(2.0)));
  r.soilBrightness_ = uniform(rng, 0.7, 1.35);
  r.soilRedness_ = uniform(rng, -0.2, 0.5);
  r.backgroundNdvi_ = uniform(rng, 0.2, 0.55);
  r.hazeMean_ = uniform(rng, 0, 0.015);
  r.noise_ = uniform(rng, 0.002, 0.008);
  r.missedCloud_ = uniform(rng, 0.02, 0.1);
  r.cirrusChance_ = uniform(rng, 0, 0.25);
  r.gapStart_ = uniform(rng, 120, 240);
  r.gapLength_ = uniform(rng, 0, 40);
  r.noRedEdgeShare_ = uniform(rng, 0, 0.3);
  return r;
}

SimulatedRegion::FieldCalendar SimulatedRegion::fieldCalendar(const CropSystem& normal,
                                                              std::mt19937_64& rng) const {
  FieldCalendar field{normal};
  if (!varied_) return field;
  CropSystem& own = field.system;
  std::normal_distribution<double> gauss(0, 1);
  field.riseShape = riseShape_ * uniform(rng, 0.85, 1.15);
  field.fallShape = fallShape_ * uniform(rng, 0.85, 1.15);
  const double shift = calendarShift_ + std::clamp(4 * gauss(rng), -10.0, 10.0);
  const double secondShift = uniform(rng, -15, 15);  // double cropping: its own calendar
  const double stretch = stretch_ * uniform(rng, 0.95, 1.05);
  const double rate = rateFactor_ * uniform(rng, 0.9, 1.1);
  for (std::size_t k = 0; k < own.seasons.size(); ++k) {
    CropSeason& s = own.seasons[k];
    const double move = shift + (k == 1 ? secondShift : 0);
    const double greenup = s.greenup + move;
    auto later = [&](double day) { return greenup + (day - s.greenup) * stretch; };
    s.senescence = later(s.senescence);
    if (s.harvest) s.harvest = later(*s.harvest);
    if (s.floodStart) s.floodStart = *s.floodStart + move;
    if (s.floodEnd) s.floodEnd = *s.floodEnd + move;
    s.greenup = greenup;
    s.riseRate *= rate;
    s.fallRate *= rate;
  }
  // The second season cannot start before the first is harvested.
  if (own.seasons.size() == 2 && own.seasons[0].harvest &&
      own.seasons[1].greenup < *own.seasons[0].harvest + 10) {
    const double push = *own.seasons[0].harvest + 10 - own.seasons[1].greenup;
    CropSeason& s = own.seasons[1];
    s.greenup += push;
    s.senescence += push;
    if (s.harvest) s.harvest = *s.harvest + push;
    if (s.floodStart) s.floodStart = *s.floodStart + push;
    if (s.floodEnd) s.floodEnd = *s.floodEnd + push;
  }
  return field;
}

double SimulatedRegion::seasonNdvi(const CropSeason& s, double doy, double shiftDays,
                                   double peakDelta, double riseShape, double fallShape) {
  if (riseShape == 1 && fallShape == 1)
    return CropCalendar::seasonNdvi(s, doy, shiftDays, peakDelta);
  // Richards curves: the logistic raised to 1 / shape; the half-way day moves with the shape,
  // so each is re-centred to stay half-way at green-up and senescence.
  auto richards = [](double rate, double x, double shape) {
    const double centre = -std::log(std::pow(2.0, shape) - 1);  // logistic^(1/shape) = 0.5 here
    return std::pow(1 / (1 + std::exp(-(rate * x + centre))), 1 / shape);
  };
  const double peak = s.peak + peakDelta;
  const double greenup = s.greenup + shiftDays, senescence = s.senescence + shiftDays;
  auto curve = [&](double t) {
    const double v = s.pre + (peak - s.pre) * richards(s.riseRate, t - greenup, riseShape) -
                     (peak - s.post) * richards(s.fallRate, t - senescence, fallShape);
    return std::max(v, s.floor());
  };
  if (!s.harvest) return curve(doy);
  const double harvest = *s.harvest + shiftDays;
  if (doy <= harvest) return curve(doy);
  const double atHarvest = curve(harvest);
  const double progress = std::min(1.0, (doy - harvest) / 5.0);
  return atHarvest + (s.post - atHarvest) * progress;
}

Endmembers SimulatedRegion::regionSpectra(const Endmembers& reference) const {
  Endmembers em = reference;
  if (!varied_) return em;
  for (int b = 0; b < 7; ++b)
    em.soil[b] = reference.soil[b] * soilBrightness_ * (1 + soilRedness_ * kReddening[b]);
  return em;
}

Endmembers SimulatedRegion::fieldSpectra(const Endmembers& reference, std::mt19937_64& rng) const {
  Endmembers em = regionSpectra(reference);
  if (!varied_) return em;
  const double brightness = uniform(rng, 0.85, 1.15);
  for (double& v : em.soil) v *= brightness;
  em.vegetation[kB08] *= uniform(rng, 0.9, 1.1);
  em.vegetation[kB05] *= uniform(rng, 0.9, 1.1);
  return em;
}

std::vector<double> SimulatedRegion::sceneDays(int dates, std::mt19937_64& rng) const {
  std::vector<double> days;
  // Spread the scenes over the year outside the gap, each jittered by up to 2 days.
  const double open = 364.0 - gapLength_;
  for (int k = 0; k < dates; ++k) {
    double d = 1 + (k + 0.5) * open / dates + uniform(rng, -2, 2);
    if (d > gapStart_) d += gapLength_;
    days.push_back(std::clamp(std::round(d), 1.0, 365.0));
  }
  return days;
}

SimulatedRegion::SceneLook SimulatedRegion::scene(std::mt19937_64& rng) const {
  SceneLook look;
  if (!varied_) return look;
  const double haze = std::exponential_distribution<double>(1.0)(rng) * hazeMean_;
  std::normal_distribution<double> gauss(0, 1);
  for (int b = 0; b < 7; ++b) {
    look.haze[b] = haze * kHazeSpectrum[b];
    look.gain[b] = 1 + 0.02 * gauss(rng);
  }
  look.noRedEdge = uniform(rng, 0, 1) < noRedEdgeShare_;
  look.noise = noise_ * (look.noRedEdge ? 1.5 : 1.0);
  look.missedCloud = missedCloud_;
  if (uniform(rng, 0, 1) < cirrusChance_) {
    look.cirrus = uniform(rng, 0.03, 0.15);
    look.cirrusMasked = uniform(rng, 0, 1) < 0.5;
  }
  return look;
}

}  // namespace aviary::satellite
