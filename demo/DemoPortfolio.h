#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace aviary::demo {

// A realistic demo portfolio made with the three simulators: farmers with parcels under a
// year of scenes, dealers inside a simulated supply chain, and shops with photographed
// credentials (some flawed, some needing a re-shoot). Writes one case file per merchant.
class DemoPortfolio {
 public:
  struct Options {
    int merchants = 30;
    unsigned seed = 1;
    std::filesystem::path directory;
  };

  // Returns the case files written, farmers first. `step` reports each stage.
  static std::vector<std::filesystem::path> build(
      const Options& options, const std::function<void(const std::string&)>& step);
  // $XDG_DATA_HOME/aviary/demo-<seed>, or /var/lib/aviary/demo-<seed> as root.
  static std::filesystem::path defaultDirectory(unsigned seed);
};

}  // namespace aviary::demo
