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
  // "demo-<seed>-<merchants>": the prefix of every case's idempotency key and merchant id.
  static std::string name(unsigned seed, int merchants);
  // $XDG_DATA_HOME/aviary/<name>, or /var/lib/aviary/<name> as root.
  static std::filesystem::path defaultDirectory(unsigned seed, int merchants);
};

}  // namespace aviary::demo
