#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Observation.h"
#include "Parcel.h"
#include "PixelCoverage.h"
#include "SceneItem.h"

class GDALDataset;
class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace aviary::satellite {

// The scenes of a catalog, opened for windowed reads. It owns its GDAL datasets and must be
// used by one thread only: each worker makes its own (a GDAL dataset or band shared between
// threads crashes in libgdal; GDAL's block cache is shared safely).
class SceneStack {
 public:
  explicit SceneStack(std::vector<SceneItem> items);
  ~SceneStack();
  SceneStack(const SceneStack&) = delete;
  SceneStack& operator=(const SceneStack&) = delete;

  // Reads only the window of each scene the parcel covers. Problems with single scenes go to
  // `warnings`; an empty result means no scene covers the parcel.
  std::vector<Observation> observe(const Parcel& parcel, std::vector<std::string>& warnings);

  // One scene's view of one parcel of a batch: its observation, or why the read failed.
  struct SceneView {
    bool seen = false;
    Observation observation;
    std::string warning;
  };
  // Each parcel's pixel coverage on each grid (keyed by grid), filled lazily by observeScene
  // and reused by every scene on the same grid.
  using GridCoverage = std::map<std::string, std::vector<PixelCoverage>>;
  // Observes a batch of parcels in one scene. When the parcels lie close together the scene
  // is read once per band (one window over all of them), so each block is decoded once for
  // the batch instead of once per parcel. views[k] is parcels[k]'s view.
  void observeScene(int scene, const std::vector<const Parcel*>& parcels, GridCoverage& coverage,
                    std::vector<SceneView>& views);
  // Closes a scene's files and drops its decoded blocks (a batch is done with it).
  void close(int scene);

  // The parcel in a scene's grid (for quicklooks): the coverage and its grid index.
  struct Window {
    int scene = -1;
    PixelCoverage coverage;
  };
  Window coverageIn(const Parcel& parcel, int scene);
  // Reads a band window of a scene as reflectance (0..1, NaN where no data or no band).
  bool readBand(int scene, int band, const PixelCoverage& window, std::vector<float>& out);

  const std::vector<SceneItem>& items() const { return items_; }
  // Why each unusable item was skipped (one line each, with the item id). Opens and closes
  // every item, on `threads` workers.
  std::vector<std::string> itemProblems(int threads = 1) const;

  // What opening an item found, for itemProblems to word over all the items.
  struct ItemCheck {
    std::string error;
    std::vector<std::string> notes, missingBands;
    bool offsetDropped = false, fraction = false;
  };
  // What opening item `index` found (it is opened unless it is open already). A reader that
  // opens every item anyway takes its checks here rather than have itemProblems open them again.
  ItemCheck check(int index);
  // Every item's check: opens and closes every item, on `threads` workers.
  std::vector<ItemCheck> itemChecks(int threads = 1) const;
  // itemProblems' lines for checks already made, one per item of `items`.
  static std::vector<std::string> problemsOf(const std::vector<SceneItem>& items,
                                             const std::vector<ItemCheck>& checks);

 private:
  struct Scene;
  Scene& scene(int index);
  struct Pixels;
  struct CoarseCells;
  // The cells of the coarse grid `band` came from over a plot's window.
  static CoarseCells coarseCells(const Scene& s, int band, const PixelCoverage& cov,
                                 const Pixels& pixels);
  bool read(Scene& s, int x0, int y0, int width, int height, Pixels& pixels, std::string& failure);
  Observation summarise(int index, const PixelCoverage& cov, const Pixels& pixels) const;
  // The plot's mean stored value of a band that came from a coarser grid, over that grid's
  // cells; NaN when unseen.
  double coarseBandMean(const Scene& s, int band, const CoarseCells& cells,
                        const Pixels& pixels) const;
  OGRCoordinateTransformation* transformTo(const Scene& s);
  // Drops Sentinel-2's offset where the item's own values show there is none.
  void checkOffset(Scene& s);
  // Reads band `bandInFile` of the file in `slot` (an asset of several bands of item `itemId`).
  static void readBandOfFile(Scene& s, const std::string& itemId, int slot, int bandInFile);
  // Reads a floating-point band through FloatReflectance; `declared`: its item gave its scale.
  // `undeclared`: the factor the item's bands without a scale are read at, once one told it.
  static void readFloatAsStored(Scene& s, int band, bool declared,
                                std::optional<double>& undeclared);

  std::vector<SceneItem> items_;
  std::vector<std::unique_ptr<Scene>> scenes_;
  std::map<std::string, std::unique_ptr<OGRCoordinateTransformation>> transforms_;
  std::unique_ptr<OGRSpatialReference> wgs84_;
  std::unique_ptr<Pixels> pixels_;
  std::vector<std::uint16_t> maskValues_;  // a QA or Fmask window before it becomes SCL classes
};

}  // namespace aviary::satellite
