#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

namespace aviary {

// One simulated phone photo and its ground truth.
struct SimulatedPhoto {
  std::string name;  // file stem, e.g. "0007_store_lease"
  cv::Mat image;
  nlohmann::json truth;  // kind, layout, fields, key_fields, fault, reshoot_expected
};

// Renders synthetic credential photos with ground truth (`aviary credential simulate`).
class CredentialSimulator {
 public:
  struct Options {
    std::uint32_t seed = 1;
    int count = 40;
    double reshootShare = 0.2;       // photos given a fault that must be re-shot
    std::vector<std::string> kinds;  // empty = every kind the simulator renders
    // Good photos of documents come in three shapes alike: on a dark table, on a light
    // desk, or as a scan filling the image (PhotoVariety). Off: all on a dark table, as
    // the figures before this option were measured.
    bool variety = false;
  };

  static std::vector<std::string> renderedKinds();
  std::vector<SimulatedPhoto> generate(const Options& options) const;
  // Writes NAME.jpg and NAME.json per photo and truth.jsonl; returns the photo count.
  int write(const Options& options, const std::string& directory) const;
};

}  // namespace aviary
