#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace aviary::satellite {

// The contract names bands as Sentinel-2 does (B02 ... B12, SCL). Public STAC servers key the
// same assets by common name (Earth Search: blue, nir, swir16, scl; Landsat on Planetary
// Computer: nir08) or say the band in the asset's eo:bands. This maps either to the contract's
// name, so a lender's catalog from such a server reads as it is.
class StacBandNames {
 public:
  struct Match {
    // B02 ... B12, SCL, or a cloud mask of another sensor (QA_PIXEL, FMASK); empty when the
    // asset is no band of ours
    std::string band;
    // Lower is better when two assets give one band: 0 its Sentinel-2 key, 1 its common
    // name, 2 a near band's name (nir08 is Landsat's NIR, and Sentinel-2's B8A beside B08),
    // 3 only its eo:bands (an Earth Search "blue-jp2" says blue there too).
    int rank = 0;
  };
  // `landsatNumbers`: the item numbers its bands as Landsat 8-9 do (HLS's L30 product: B05 is
  // NIR, B06 and B07 SWIR, B08-B11 panchromatic, cirrus and thermal).
  static Match match(const std::string& key, const nlohmann::json& asset,
                     bool landsatNumbers = false);
  // Each band of a multi-band asset (two or more eo:bands, as Earth Engine exports and rio-stac
  // describe one GeoTIFF of all bands), in the file's order; an empty band for one not ours.
  // Empty for an asset of one band.
  static std::vector<Match> matchEach(const nlohmann::json& asset, bool landsatNumbers = false);
  // Whether an item numbers its bands as Landsat does: HLS's L30 collection, or a Landsat
  // platform, unless it has a B08 (a Landsat catalog renamed to the contract's names).
  static bool numbersAsLandsat(const nlohmann::json& item);

 private:
  // One entry of an asset's eo:bands: by its name, else its common name; rank 3.
  static Match fromEoBand(const nlohmann::json& band, bool landsatNumbers);
};

}  // namespace aviary::satellite
