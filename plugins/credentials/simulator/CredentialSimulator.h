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
    // Documents current as of this day (YYYY-MM-DD); empty: dates as drawn.
    std::string asOf;
    // One problem planted on purpose in each merchant's photos, by merchant (0 = the first;
    // see plantableProblems()), "" for none. With a plan nothing else goes wrong by chance:
    // no random re-shoot faults and no borrowed signboards beyond the planted ones.
    std::vector<std::string> plantedProblems;
  };

  // "expired_licence": the licence's term ended before asOf (a licence no longer in force);
  // "other_signboard": the shop front shows another business's board; "blurred_photo": one
  // document is photographed out of focus (a re-shoot); "mismatched_invoice": an invoice's
  // total is not its amount plus tax; "expired_lease": the store lease ended before asOf.
  static std::vector<std::string> plantableProblems();

  static std::vector<std::string> renderedKinds();
  std::vector<SimulatedPhoto> generate(const Options& options) const;
  // Writes NAME.jpg and NAME.json per photo and truth.jsonl; returns the photo count.
  int write(const Options& options, const std::string& directory) const;
};

}  // namespace aviary
