#include "WhittakerSmoother.h"

#include <cmath>

namespace aviary::satellite {

std::vector<double> WhittakerSmoother::smooth(const std::vector<double>& y,
                                              const std::vector<double>& w) const {
  const int n = static_cast<int>(y.size());
  std::vector<double> z(n, 0.0);
  if (n < 3) return y;
  // A = W + lambda D'D is symmetric pentadiagonal: diagonals a0 (main), a1, a2.
  std::vector<double> a0(n), a1(n, 0.0), a2(n, 0.0);
  for (int i = 0; i < n; ++i) {
    const double d0 = (i == 0 || i == n - 1) ? 1 : (i == 1 || i == n - 2) ? 5 : 6;
    a0[i] = w[i] + lambda_ * d0;
    if (i + 1 < n) a1[i] = lambda_ * ((i == 0 || i == n - 2) ? -2 : -4);
    if (i + 2 < n) a2[i] = lambda_;
  }
  // LDL' with L unit lower triangular of bandwidth 2.
  std::vector<double> d(n), l1(n, 0.0), l2(n, 0.0);
  for (int i = 0; i < n; ++i) {
    double di = a0[i];
    if (i >= 1) di -= l1[i - 1] * l1[i - 1] * d[i - 1];
    if (i >= 2) di -= l2[i - 2] * l2[i - 2] * d[i - 2];
    d[i] = di;
    if (i + 1 < n) {
      double v = a1[i];
      if (i >= 1) v -= l1[i - 1] * l2[i - 1] * d[i - 1];
      l1[i] = v / di;
    }
    if (i + 2 < n) l2[i] = a2[i] / di;
  }
  std::vector<double> b(n);
  for (int i = 0; i < n; ++i) b[i] = w[i] * (std::isfinite(y[i]) ? y[i] : 0.0);
  for (int i = 0; i < n; ++i) {
    if (i >= 1) b[i] -= l1[i - 1] * b[i - 1];
    if (i >= 2) b[i] -= l2[i - 2] * b[i - 2];
  }
  for (int i = 0; i < n; ++i) b[i] /= d[i];
  for (int i = n - 1; i >= 0; --i) {
    z[i] = b[i];
    if (i + 1 < n) z[i] -= l1[i] * z[i + 1];
    if (i + 2 < n) z[i] -= l2[i] * z[i + 2];
  }
  return z;
}

}  // namespace aviary::satellite
