#include "PixelCoverage.h"

#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aviary::satellite {
namespace {

struct Point {
  double x, y;
};
using Ring = std::vector<Point>;

double signedArea(const Ring& ring) {
  double twice = 0;
  for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

// Keeps the part of `ring` where coordinate `axis` is <= limit (keepBelow) or >= limit.
Ring clip(const Ring& ring, bool alongX, double limit, bool keepBelow) {
  Ring out;
  const std::size_t n = ring.size();
  if (n == 0) return out;
  out.reserve(n + 4);
  auto value = [&](const Point& p) { return alongX ? p.x : p.y; };
  auto inside = [&](const Point& p) { return keepBelow ? value(p) <= limit : value(p) >= limit; };
  for (std::size_t i = 0; i < n; ++i) {
    const Point& cur = ring[i];
    const Point& prev = ring[(i + n - 1) % n];
    const bool curIn = inside(cur), prevIn = inside(prev);
    if (curIn != prevIn) {
      const double t = (limit - value(prev)) / (value(cur) - value(prev));
      Point cross{prev.x + t * (cur.x - prev.x), prev.y + t * (cur.y - prev.y)};
      if (alongX)
        cross.x = limit;
      else
        cross.y = limit;
      out.push_back(cross);
    }
    if (curIn) out.push_back(cur);
  }
  return out;
}

void collectRings(const OGRGeometry& geometry, const std::array<double, 6>& gt,
                  std::vector<Ring>& rings) {
  auto toPixel = [&](const OGRLinearRing& r, bool hole) {
    Ring ring;
    const int n = r.getNumPoints();
    for (int i = 0; i + 1 < n; ++i)  // drop the repeated closing vertex
      ring.push_back({(r.getX(i) - gt[0]) / gt[1], (r.getY(i) - gt[3]) / gt[5]});
    // Outer rings count positive, holes negative, whatever their drawing direction.
    const double area = signedArea(ring);
    if ((area < 0) != hole) std::reverse(ring.begin(), ring.end());
    rings.push_back(std::move(ring));
  };
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon: {
      const OGRPolygon* p = geometry.toPolygon();
      if (p->IsEmpty()) return;
      toPixel(*p->getExteriorRing(), false);
      for (int i = 0; i < p->getNumInteriorRings(); ++i) toPixel(*p->getInteriorRing(i), true);
      break;
    }
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* g : *geometry.toGeometryCollection()) collectRings(*g, gt, rings);
      break;
    default:
      break;
  }
}

}  // namespace

PixelCoverage PixelCoverage::compute(const OGRGeometry& geometry, const std::array<double, 6>& gt,
                                     int rasterWidth, int rasterHeight) {
  if (gt[2] != 0 || gt[4] != 0 || gt[1] == 0 || gt[5] == 0)
    throw std::invalid_argument("rotated or degenerate grids are not supported");
  std::vector<Ring> rings;
  collectRings(geometry, gt, rings);
  PixelCoverage coverage;
  double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
  for (const Ring& ring : rings) {
    coverage.polygonPixels += signedArea(ring);
    for (const Point& p : ring) {
      minX = std::min(minX, p.x);
      maxX = std::max(maxX, p.x);
      minY = std::min(minY, p.y);
      maxY = std::max(maxY, p.y);
    }
  }
  if (rings.empty() || coverage.polygonPixels <= 0) return coverage;
  const int fullX0 = static_cast<int>(std::floor(minX)), fullX1 = static_cast<int>(std::ceil(maxX));
  const int fullY0 = static_cast<int>(std::floor(minY)), fullY1 = static_cast<int>(std::ceil(maxY));
  const int x0 = std::max(0, fullX0), x1 = std::min(rasterWidth, fullX1);
  const int y0 = std::max(0, fullY0), y1 = std::min(rasterHeight, fullY1);
  if (x1 <= x0 || y1 <= y0) return coverage;
  coverage.x0 = x0;
  coverage.y0 = y0;
  coverage.width = x1 - x0;
  coverage.height = y1 - y0;
  coverage.fractions.assign(static_cast<std::size_t>(coverage.width) * coverage.height, 0.0f);

  std::vector<double> leftArea(coverage.width + 1);
  for (int row = y0; row < y1; ++row) {
    std::fill(leftArea.begin(), leftArea.end(), 0.0);
    for (const Ring& ring : rings) {
      const Ring strip = clip(clip(ring, false, row, false), false, row + 1, true);
      if (strip.size() < 3) continue;
      // Area of the strip left of each column line; a pixel is the difference of two.
      double stripMin = INFINITY, stripMax = -INFINITY;
      for (const Point& p : strip) {
        stripMin = std::min(stripMin, p.x);
        stripMax = std::max(stripMax, p.x);
      }
      const double stripArea = signedArea(strip);
      for (int k = 0; k <= coverage.width; ++k) {
        const double line = x0 + k;
        if (line <= stripMin) continue;
        leftArea[k] += line >= stripMax ? stripArea : signedArea(clip(strip, true, line, true));
      }
    }
    float* out = &coverage.fractions[static_cast<std::size_t>(row - y0) * coverage.width];
    for (int k = 0; k < coverage.width; ++k) {
      const double f = std::clamp(leftArea[k + 1] - leftArea[k], 0.0, 1.0);
      out[k] = static_cast<float>(f);
      coverage.insidePixels += f;
    }
  }
  return coverage;
}

}  // namespace aviary::satellite
