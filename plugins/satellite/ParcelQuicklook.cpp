#include "ParcelQuicklook.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>

namespace aviary::satellite {
namespace {

std::uint8_t byte(double v) {
  return static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
}

// Brown (bare) to dark green (dense canopy).
std::array<std::uint8_t, 3> ndviColour(double ndvi) {
  const double t = std::clamp((ndvi - 0.1) / 0.8, 0.0, 1.0);
  return {byte(170 - 150 * t), byte(120 + 60 * t - 40 * t * t), byte(70 - 50 * t)};
}

}  // namespace

std::vector<std::uint8_t> ParcelQuicklook::render(SceneStack& scenes, const Parcel& parcel,
                                                  const ParcelResult& result) {
  // The clearest accepted observation, nearest the seasonal peak on ties.
  const Observation* best = nullptr;
  const double peak =
      std::isfinite(result.series.phenology.peak) ? result.series.phenology.peak : 180;
  for (const auto& o : result.series.observations) {
    if (o.rejected) continue;
    if (!best || o.clearFraction > best->clearFraction + 0.05 ||
        (o.clearFraction > best->clearFraction - 0.05 &&
         std::abs(o.dayOfYear - peak) < std::abs(best->dayOfYear - peak)))
      best = &o;
  }
  if (!best) return {};
  int scene = -1;
  for (std::size_t i = 0; i < scenes.items().size(); ++i)
    if (scenes.items()[i].id == best->itemId) scene = static_cast<int>(i);
  if (scene < 0) return {};
  const SceneStack::Window window = scenes.coverageIn(parcel, scene);
  const PixelCoverage& c = window.coverage;
  if (c.empty()) return {};
  std::vector<float> red, green, blue, nir;
  if (!scenes.readBand(scene, kB04, c, red) || !scenes.readBand(scene, kB08, c, nir)) return {};
  scenes.readBand(scene, kB03, c, green);
  scenes.readBand(scene, kB02, c, blue);

  const int scale = std::clamp(128 / std::max(c.width, c.height), 1, 16);
  const int panel = c.width * scale, gap = 4;
  const int width = 2 * panel + gap, height = c.height * scale;
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(width) * height * 4, 0);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < panel; ++x) {
      const std::size_t i = static_cast<std::size_t>(y / scale) * c.width + x / scale;
      if (c.fractions[i] <= 0) continue;
      const auto alpha = byte(80 + 175 * c.fractions[i]);
      auto put = [&](int px, std::array<std::uint8_t, 3> colour) {
        std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + px) * 4];
        p[0] = colour[0];
        p[1] = colour[1];
        p[2] = colour[2];
        p[3] = alpha;
      };
      auto stretch = [](float v) { return byte(std::isfinite(v) ? std::sqrt(v / 0.3) * 255 : 0); };
      put(x, {stretch(red[i]), stretch(green.empty() ? red[i] : green[i]),
              stretch(blue.empty() ? red[i] : blue[i])});
      const double ndvi = (nir[i] - red[i]) / (nir[i] + red[i]);
      put(panel + gap + x,
          std::isfinite(ndvi) ? ndviColour(ndvi) : std::array<std::uint8_t, 3>{0, 0, 0});
    }

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) return {};
  GDALDatasetUniquePtr image(mem->Create("", width, height, 4, GDT_Byte, nullptr));
  if (image->RasterIO(GF_Write, 0, 0, width, height, rgba.data(), width, height, GDT_Byte, 4,
                      nullptr, 4, static_cast<GSpacing>(width) * 4, 1, nullptr) != CE_None)
    return {};
  static std::atomic<int> counter{0};
  const std::string path = "/vsimem/aviary_quicklook_" + std::to_string(counter++) + ".png";
  GDALDatasetUniquePtr encoded(
      png->CreateCopy(path.c_str(), image.get(), FALSE, nullptr, nullptr, nullptr));
  encoded.reset();
  vsi_l_offset length = 0;
  std::vector<std::uint8_t> bytes;
  if (GByte* data = VSIGetMemFileBuffer(path.c_str(), &length, FALSE))
    bytes.assign(data, data + length);
  VSIUnlink(path.c_str());
  return bytes;
}

}  // namespace aviary::satellite
