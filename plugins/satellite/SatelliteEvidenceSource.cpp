#include "SatelliteEvidenceSource.h"

namespace aviary {

std::string SatelliteEvidenceSource::version() const {
  return AVIARY_PLUGIN_VERSION;
}

SourceDescription SatelliteEvidenceSource::describe() const {
  using Type = FeatureDescriptor::Type;
  SourceDescription d;
  d.summary = "Crop, area, condition and hazards of a farmer's parcels from a year of Sentinel-2";
  d.segments = {"farmer"};
  d.inputs = {
      {"catalog", "path", true, "STAC catalog.json of the scenes over the parcels"},
      {"parcels", "path", true, "GeoJSON FeatureCollection of the farmer's parcels"},
  };
  d.features = {
      {"total_area_mu", Type::Number, "mu", "geodesic area of all parcels"},
      {"expected_value_cny", Type::Number, "cny", "expected value of this season's crops"},
      {"crop_confidence", Type::Number, "ratio", "mean probability of the observed crop system"},
      {"declared_match_ratio", Type::Number, "ratio",
       "share of area where the declared crop is seen"},
      {"hazard_count", Type::Number, "events", "flood, drought and pest events detected"},
      {"condition_score", Type::Number, "ratio", "0 poor .. 1 exceptional, area-weighted"},
  };
  return d;
}

Evidence SatelliteEvidenceSource::assess(const AssessmentRequest& request) {
  return Evidence::unavailable(id(), request.merchantId,
                               "the satellite analysis is not in this build yet");
}

}  // namespace aviary
