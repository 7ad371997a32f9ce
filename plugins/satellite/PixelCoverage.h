#pragma once

#include <array>
#include <vector>

class OGRGeometry;

namespace aviary::satellite {

// The exact fraction of each pixel inside a polygon, for a north-up grid.
// Each ring is clipped against every pixel row, then against the pixel columns
// (Sutherland-Hodgman against axis-aligned half-planes is exact for any simple ring),
// so edge pixels of small plots get their true weight.
class PixelCoverage {
 public:
  // `geometry` is in the grid's CRS; `geoTransform` is GDAL's six coefficients.
  // Only pixels inside the raster (width x height) are kept.
  static PixelCoverage compute(const OGRGeometry& geometry,
                               const std::array<double, 6>& geoTransform, int rasterWidth,
                               int rasterHeight);

  int x0 = 0, y0 = 0, width = 0, height = 0;  // the window to read
  std::vector<float> fractions;               // width * height, row-major
  double polygonPixels = 0;  // area of the whole polygon in pixels, inside the raster or not
  double insidePixels = 0;   // sum of fractions inside the raster

  bool empty() const { return width <= 0 || height <= 0 || insidePixels <= 0; }
  double fraction(int column, int row) const { return fractions[row * width + column]; }
};

}  // namespace aviary::satellite
