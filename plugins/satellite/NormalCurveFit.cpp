#include "NormalCurveFit.h"

#include <algorithm>
#include <cmath>

namespace aviary::satellite {
namespace {

constexpr int kDays = ParcelTimeSeries::kDays;
// A residual this large is haze or a hazard, not a worse fit of the curve's shape.
constexpr double kResidualCap = 0.15;

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

}  // namespace

std::shared_ptr<const NormalCurveFit::Curves> NormalCurveFit::curvesOf(
    const CropCalendar& calendar) {
  auto build = [&calendar] {
    auto curves = std::make_shared<Curves>();
    for (const CropSystem& system : calendar.systems()) {
      std::vector<std::vector<float>> normals, bases;
      for (int shift = -kMaxShift; shift <= kMaxShift; ++shift) {
        std::vector<float> curve(kDays), base(kDays);
        for (int d = 1; d <= kDays; ++d) {
          const CropSeason& s = system.seasons[CropCalendar::seasonAt(system, d, shift)];
          curve[d - 1] = static_cast<float>(CropCalendar::normalNdvi(system, d, shift));
          base[d - 1] = static_cast<float>(std::min(s.pre, s.post));
        }
        normals.push_back(std::move(curve));
        bases.push_back(std::move(base));
      }
      curves->normal.push_back(std::move(normals));
      curves->base.push_back(std::move(bases));
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
  names.emplace_back("fit_best_shift");
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
  const std::size_t systems = curves_->normal.size();
  std::vector<float> errors(systems, NAN), scales(systems, NAN);
  double bestError = INFINITY, bestShift = NAN;
  for (std::size_t s = 0; s < systems && !points.empty(); ++s) {
    double systemError = INFINITY;
    for (int k = 0; k <= 2 * kMaxShift; ++k) {
      const auto& curve = curves_->normal[s][k];
      const auto& base = curves_->base[s][k];
      // Least-squares amplitude scale of the curve above its base, then the capped error.
      double num = 0, den = 0, total = 0;
      for (const Point& p : points) {
        const double n = curve[p.day - 1] - base[p.day - 1];
        num += p.weight * n * (p.ndvi - base[p.day - 1]);
        den += p.weight * n * n;
        total += p.weight;
      }
      const double scale = den > 1e-9 ? std::clamp(num / den, 0.4, 1.3) : 1.0;
      double error = 0;
      for (const Point& p : points) {
        const double n = curve[p.day - 1] - base[p.day - 1];
        const double r = std::min(kResidualCap, std::abs(p.ndvi - base[p.day - 1] - scale * n));
        error += p.weight * r * r;
      }
      error = std::sqrt(error / std::max(total, 1e-9));
      if (error < systemError) {
        systemError = error;
        errors[s] = static_cast<float>(error);
        scales[s] = static_cast<float>(scale);
        if (error < bestError) {
          bestError = error;
          bestShift = k - kMaxShift;
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
  f.push_back(static_cast<float>(bestShift));
  f.push_back(static_cast<float>(weightedMedian(swir11)));
  f.push_back(static_cast<float>(weightedMedian(swir12)));
  return f;
}

}  // namespace aviary::satellite
