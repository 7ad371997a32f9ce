#pragma once

#include <map>
#include <optional>
#include <string>

#include "InputDescriptor.h"
#include "PluginRegistry.h"

namespace aviary {

// Which loaded evidence source takes what a route receives, read from the sources' own
// input declarations (InputDescriptor), so the host names no plugin:
//   documents -> a source with a "path[]" input (photos, scans);
//   parcels   -> a source with an input named "parcels";
//   trade     -> a source with an input named "firm_id".
// Inputs the server is configured with (the scenes catalog, the payment data) go to every
// source that declares an input of that name.
class EvidenceInputRoutes {
 public:
  enum class Route { Documents, Parcels, Trade };
  struct Target {
    std::string sourceId;
    std::string inputName;
  };

  EvidenceInputRoutes(const PluginRegistry& registry,
                      std::map<std::string, std::string> configuredInputs);

  // The source serving this segment that takes the route's input; nullopt when none does.
  std::optional<Target> target(Route route, const std::string& segment) const;
  // {input name: value} of the configured inputs this source declares.
  std::map<std::string, std::string> configuredFor(const std::string& sourceId) const;
  // True when the source declares an input of that name.
  bool takes(const std::string& sourceId, const std::string& inputName) const;

  static const char* toString(Route route);

 private:
  const PluginRegistry& registry_;
  std::map<std::string, std::string> configuredInputs_;
};

}  // namespace aviary
