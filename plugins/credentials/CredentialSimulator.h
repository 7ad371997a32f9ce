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
  };

  static std::vector<std::string> renderedKinds();
  std::vector<SimulatedPhoto> generate(const Options& options) const;
  // Writes NAME.jpg and NAME.json per photo and truth.jsonl; returns the photo count.
  int write(const Options& options, const std::string& directory) const;
};

}  // namespace aviary
