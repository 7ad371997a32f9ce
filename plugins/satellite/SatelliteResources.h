#pragma once

#include <filesystem>

namespace aviary::satellite {

// Where the satellite source's own tables and model live: crops.csv, spectra.csv and
// models/satellite_crop_model.ubj, in the plugin's resource folder. The host names that
// folder when the plugin starts; programs that link the source directly (tests, benchmarks,
// the simulators) find it beside the plugin on the default plugin search path.
class SatelliteResources {
 public:
  // $AVIARY_SATELLITE_RESOURCES, else the folder the host gave, else the first
  // `<plugin folder>/satellite` with a crops.csv. Throws, saying what to set, when none exists.
  static std::filesystem::path directory();
  static void setDirectory(const std::filesystem::path& folder);
};

}  // namespace aviary::satellite
