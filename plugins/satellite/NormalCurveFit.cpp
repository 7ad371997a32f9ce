#include "NormalCurveFit.h"

#include <algorithm>
#include <cmath>

namespace aviary::satellite {
namespace {

constexpr int kDays = ParcelTimeSeries::kDays;
// A residual this large is haze or a hazard, not a worse fit of the curve's shape.
constexpr double kResidualCap = 0.15;
// A gain this far from 1 is another crop, not a stressed or lush one of this.
constexpr double kMinScale = 0.4, kMaxScale = 1.4;
// Soil, verges and haze move a whole curve by less than this.
constexpr double kMaxOffset = 0.12;

struct Point {
  int day;
  double ndvi, weight;
};

// The weighted median of (value, weight) pairs; NaN when empty.
double weightedMedian(std::vector<std::pair<double, double>> v) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  double total = 0;
  for (const auto& [x, w] : v) total += w;
  double sum = 0;
  for (const auto& [x, w] : v)
    if ((sum += w) >= total / 2) return x;
  return v.back().first;
}

// A system's normal NDVI on a day with its first season moved by `shift` and its second by
// `shift + second` (the second takes over after the first's moved harvest).
double shiftedNormal(const CropSystem& system, int day, int shift, int second) {
  const int season = CropCalendar::seasonAt(system, day, shift);
  return CropCalendar::seasonNdvi(system.seasons[season], day, shift + (season ? second : 0));
}

}  // namespace

std::shared_ptr<const NormalCurveFit::Curves> NormalCurveFit::curvesOf(
    const CropCalendar& calendar) {
  auto build = [&calendar] {
    auto curves = std::make_shared<Curves>();
    for (const CropSystem& system : calendar.systems()) {
      std::vector<Variant> variants;
      const int secondRange = system.seasons.size() >= 2 ? kMaxSecondShift : 0;
      for (int shift = -kMaxShift; shift <= kMaxShift; ++shift)
        for (int second = -secondRange; second <= secondRange; second += kSecondShiftStep) {
          Variant v{shift, second, std::vector<float>(kDays)};
          for (int d = 1; d <= kDays; ++d)
            v.curve[d - 1] = static_cast<float>(shiftedNormal(system, d, shift, second));
          variants.push_back(std::move(v));
        }
      curves->variants.push_back(std::move(variants));
    }
    return std::shared_ptr<const Curves>(std::move(curves));
  };
  // The shipped calendar lives as long as the process: its curves are built once.
  if (&calendar != &CropCalendar::shipped()) return build();
  static const std::shared_ptr<const Curves> shipped = build();
  return shipped;
}

NormalCurveFit::NormalCurveFit(const CropCalendar& calendar)
    : calendar_(calendar), curves_(curvesOf(calendar)) {}

std::vector<std::string> NormalCurveFit::featureNames() const {
  std::vector<std::string> names;
  for (const CropSystem& s : calendar_.systems()) names.push_back("fit_error_" + s.code);
  for (const CropSystem& s : calendar_.systems()) names.push_back("fit_scale_" + s.code);
  for (const CropSystem& s : calendar_.systems()) names.push_back("fit_offset_" + s.code);
  for (const CropSystem& s : calendar_.systems()) names.push_back("fit_shift_" + s.code);
  names.emplace_back("fit_best_shift");
  names.emplace_back("fit_best_second_shift");
  names.emplace_back("fit_best_error");
  names.emplace_back("swir_factor");
  names.emplace_back("swir12_factor");
  return names;
}

std::vector<float> NormalCurveFit::features(const ParcelTimeSeries& series) const {
  std::vector<Point> points;
  for (std::size_t i = 0; i < series.observations.size(); ++i) {
    const Observation& o = series.observations[i];
    const SpectralIndices& x = series.indices[i];
    if (o.rejected || !std::isfinite(x.ndvi)) continue;
    if (std::isfinite(x.mndwi) && x.mndwi > 0) continue;  // open water is not canopy
    points.push_back(
        {std::clamp(o.dayOfYear, 1, kDays), x.ndvi, std::min(1.0, o.clearFraction) * o.purity});
  }
  double total = 0, meanNdvi = 0;
  for (const Point& p : points) {
    total += p.weight;
    meanNdvi += p.weight * p.ndvi;
  }
  meanNdvi /= std::max(total, 1e-9);
  const std::size_t systems = curves_->variants.size();
  std::vector<float> errors(systems, NAN), scales(systems, NAN), offsets(systems, NAN),
      shifts(systems, NAN);
  double bestError = INFINITY, bestShift = NAN, bestSecond = NAN;
  for (std::size_t s = 0; s < systems && total > 0; ++s) {
    double systemError = INFINITY;
    for (const Variant& v : curves_->variants[s]) {
      // Weighted least squares ndvi = offset + scale * normal, both bounded, then the capped
      // error: a residual beyond kResidualCap is haze or a hazard, not the curve's shape.
      double meanCurve = 0;
      for (const Point& p : points) meanCurve += p.weight * v.curve[p.day - 1];
      meanCurve /= total;
      double num = 0, den = 0;
      for (const Point& p : points) {
        const double c = v.curve[p.day - 1] - meanCurve;
        num += p.weight * c * (p.ndvi - meanNdvi);
        den += p.weight * c * c;
      }
      const double scale = den > 1e-9 ? std::clamp(num / den, kMinScale, kMaxScale) : 1.0;
      const double offset = std::clamp(meanNdvi - scale * meanCurve, -kMaxOffset, kMaxOffset);
      double error = 0;
      for (const Point& p : points) {
        const double r =
            std::min(kResidualCap, std::abs(p.ndvi - offset - scale * v.curve[p.day - 1]));
        error += p.weight * r * r;
      }
      error = std::sqrt(error / total);
      if (error < systemError) {
        systemError = error;
        errors[s] = static_cast<float>(error);
        scales[s] = static_cast<float>(scale);
        offsets[s] = static_cast<float>(offset);
        shifts[s] = static_cast<float>(v.shift);
        if (error < bestError) {
          bestError = error;
          bestShift = v.shift;
          bestSecond = v.secondShift;
        }
      }
    }
  }

  // The vegetation end-member's SWIR multiplier: each clear, green observation unmixed as
  // fv * vegetation + (1 - fv) * soil, with fv the cover that gives its NDVI.
  const Endmembers& em = calendar_.endmembers();
  std::vector<std::pair<double, double>> swir11, swir12;
  for (std::size_t i = 0; i < series.observations.size(); ++i) {
    const Observation& o = series.observations[i];
    const SpectralIndices& x = series.indices[i];
    if (o.rejected || o.clearFraction < 0.8 || !(x.ndvi > 0.6) || !(x.mndwi < 0)) continue;
    const auto& r = o.reflectance;
    // Cover from red and NIR; the parcel's brightness (texture, illumination) cancels out.
    const double sN = em.soil[kB08], sR = em.soil[kB04], vN = em.vegetation[kB08],
                 vR = em.vegetation[kB04];
    const double fv = (sR * (1 + x.ndvi) - sN * (1 - x.ndvi)) /
                      ((vN - sN) * (1 - x.ndvi) - (vR - sR) * (1 + x.ndvi));
    if (!(fv > 0.5 && fv <= 1.2)) continue;
    // Brightness from NIR: the modelled NIR against the observed one.
    const double nir = fv * vN + (1 - fv) * sN;
    const double gain = r[kB08] / nir;
    if (!(gain > 0.5 && gain < 2)) continue;
    const double w = x.ndvi;
    swir11.push_back({(r[kB11] / gain - (1 - fv) * em.soil[kB11]) / (fv * em.vegetation[kB11]), w});
    swir12.push_back({(r[kB12] / gain - (1 - fv) * em.soil[kB12]) / (fv * em.vegetation[kB12]), w});
  }

  std::vector<float> f(errors.begin(), errors.end());
  f.insert(f.end(), scales.begin(), scales.end());
  f.insert(f.end(), offsets.begin(), offsets.end());
  f.insert(f.end(), shifts.begin(), shifts.end());
  f.push_back(static_cast<float>(bestShift));
  f.push_back(static_cast<float>(bestSecond));
  f.push_back(static_cast<float>(bestError));
  f.push_back(static_cast<float>(weightedMedian(swir11)));
  f.push_back(static_cast<float>(weightedMedian(swir12)));
  return f;
}

}  // namespace aviary::satellite
