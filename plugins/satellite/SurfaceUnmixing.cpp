#include "SurfaceUnmixing.h"

#include <cmath>

#include "SpectralIndices.h"

namespace aviary::satellite {
namespace {

constexpr int kMembers = 4, kBands = 7, kMinBands = 5;
constexpr double kMaxCloudForWater = 0.4;  // open water is not judged under more cloud
constexpr double kMaxCloudRemoved = 0.8;   // beyond this the ground left is noise
// Fmask's snow thresholds on NDSI (MNDWI's formula) and NIR, with its green one (0.1) raised to
// 0.2, above what turbid flood water over a half-drowned canopy reflects, and its NDSI one
// (0.15) to 0.2, which thin cloud over open water (spectra.csv's) does not pass at that green.
constexpr double kSnowNdsi = 0.2, kSnowNir = 0.11, kSnowGreen = 0.2;

// Solves the n x n system in place by Gaussian elimination with partial pivoting.
bool solve(std::array<std::array<double, kMembers + 1>, kMembers>& m, int n,
           std::array<double, kMembers>& x) {
  for (int c = 0; c < n; ++c) {
    int pivot = c;
    for (int r = c + 1; r < n; ++r)
      if (std::abs(m[r][c]) > std::abs(m[pivot][c])) pivot = r;
    if (std::abs(m[pivot][c]) < 1e-12) return false;
    std::swap(m[c], m[pivot]);
    for (int r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = m[r][c] / m[c][c];
      for (int k = c; k <= n; ++k) m[r][k] -= f * m[c][k];
    }
  }
  for (int r = 0; r < n; ++r) x[r] = m[r][n] / m[r][r];
  return true;
}

}  // namespace

SurfaceUnmixing::SurfaceUnmixing(const Endmembers& e)
    : members_{e.soil, e.vegetation, e.water, e.cloud} {}

SurfaceUnmixing::Fractions SurfaceUnmixing::unmix(const std::array<double, 7>& r) const {
  Fractions best;
  // A band the sensor lacks (Landsat has no red edge) is left out; four end-members need
  // at least kMinBands bands to be told apart.
  std::array<bool, kBands> have{};
  int bands = 0;
  for (int b = 0; b < kBands; ++b) bands += have[b] = std::isfinite(r[b]);
  if (bands < kMinBands) {
    best.soil = best.vegetation = best.water = best.cloud = best.residual = NAN;
    return best;
  }
  // With four end-members, non-negative least squares is the best of the 15 unconstrained
  // fits on subsets of them whose solution is all non-negative.
  double bestError = INFINITY;
  std::array<double, kMembers> bestX{};
  for (int subset = 1; subset < (1 << kMembers); ++subset) {
    std::array<int, kMembers> used{};
    int n = 0;
    for (int k = 0; k < kMembers; ++k)
      if (subset & (1 << k)) used[n++] = k;
    std::array<std::array<double, kMembers + 1>, kMembers> normal{};
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j)
        for (int b = 0; b < kBands; ++b)
          if (have[b]) normal[i][j] += members_[used[i]][b] * members_[used[j]][b];
      for (int b = 0; b < kBands; ++b)
        if (have[b]) normal[i][n] += members_[used[i]][b] * r[b];
    }
    std::array<double, kMembers> x{};
    if (!solve(normal, n, x)) continue;
    bool feasible = true;
    for (int i = 0; i < n; ++i) feasible = feasible && x[i] >= 0;
    if (!feasible) continue;
    double error = 0;
    for (int b = 0; b < kBands; ++b) {
      if (!have[b]) continue;
      double model = 0;
      for (int i = 0; i < n; ++i) model += x[i] * members_[used[i]][b];
      error += (r[b] - model) * (r[b] - model);
    }
    if (error < bestError) {
      bestError = error;
      bestX = {};
      for (int i = 0; i < n; ++i) bestX[used[i]] = x[i];
    }
  }
  best.soil = bestX[0];
  best.vegetation = bestX[1];
  best.water = bestX[2];
  best.cloud = bestX[3];
  best.residual = std::isfinite(bestError) ? std::sqrt(bestError / bands) : NAN;
  return best;
}

double SurfaceUnmixing::openWater(const std::array<double, 7>& reflectance) const {
  return openWater(unmix(reflectance));
}

double SurfaceUnmixing::openWater(const Fractions& f) {
  const double ground = f.soil + f.vegetation + f.water;
  // Cloud is bright and noisy: under much of it, the little ground left is guesswork.
  if (!(ground > 1e-6) || f.cloud > kMaxCloudForWater * (ground + f.cloud)) return NAN;
  return f.water / ground;
}

std::array<double, 7> SurfaceUnmixing::withoutCloud(const std::array<double, 7>& r,
                                                    double& cloudShare) const {
  return withoutCloud(r, unmix(r), cloudShare);
}

std::array<double, 7> SurfaceUnmixing::withoutCloud(const std::array<double, 7>& r,
                                                    const Fractions& f, double& cloudShare) const {
  cloudShare = 0;
  if (!(f.cloud > 0)) return r;
  const double ground = f.soil + f.vegetation + f.water;
  cloudShare = f.cloud / (ground + f.cloud);
  const double keep = 1 - std::min(kMaxCloudRemoved, cloudShare);
  std::array<double, 7> out = r;
  for (std::size_t b = 0; b < out.size(); ++b)
    if (std::isfinite(out[b])) out[b] = std::max(1e-4, (out[b] - f.cloud * members_[3][b]) / keep);
  return out;
}

bool SurfaceUnmixing::snowLike(const std::array<double, 7>& r) {
  const double ndsi = SpectralIndices::of(r).mndwi;  // Fmask's NDSI is MNDWI's formula
  return ndsi > kSnowNdsi && r[kB08] > kSnowNir && r[kB03] > kSnowGreen;
}

void SurfaceUnmixing::readLook(Observation& look) const {
  const auto fractions = unmix(look.reflectance);
  look.snow = snowLike(look.reflectance);
  look.openWater = look.snow ? NAN : openWater(fractions);
  look.reflectance = withoutCloud(look.reflectance, fractions, look.cloudShare);
}

}  // namespace aviary::satellite
