#include "EvidenceInputRoutes.h"

#include <algorithm>

namespace aviary {

EvidenceInputRoutes::EvidenceInputRoutes(const PluginRegistry& registry,
                                         std::map<std::string, std::string> configuredInputs)
    : registry_(registry), configuredInputs_(std::move(configuredInputs)) {}

const char* EvidenceInputRoutes::toString(Route route) {
  switch (route) {
    case Route::Documents:
      return "documents";
    case Route::Parcels:
      return "parcels";
    case Route::Trade:
      return "trade";
  }
  return "";
}

std::optional<EvidenceInputRoutes::Target> EvidenceInputRoutes::target(
    Route route, const std::string& segment) const {
  for (const auto& source : registry_.sources()) {
    const auto& description = source->description();
    const auto& segments = description.segments;
    if (!segments.empty() && std::find(segments.begin(), segments.end(), segment) == segments.end())
      continue;
    for (const auto& input : description.inputs) {
      const bool fits = route == Route::Documents ? input.type == "path[]"
                        : route == Route::Parcels ? input.name == "parcels"
                                                  : input.name == "firm_id";
      if (fits) return Target{source->id(), input.name};
    }
  }
  return std::nullopt;
}

std::map<std::string, std::string> EvidenceInputRoutes::configuredFor(
    const std::string& sourceId) const {
  std::map<std::string, std::string> inputs;
  for (const auto& [name, value] : configuredInputs_)
    if (takes(sourceId, name)) inputs[name] = value;
  return inputs;
}

bool EvidenceInputRoutes::takes(const std::string& sourceId, const std::string& inputName) const {
  const auto source = registry_.find(sourceId);
  if (!source) return false;
  const auto& inputs = source->description().inputs;
  return std::any_of(inputs.begin(), inputs.end(),
                     [&](const InputDescriptor& input) { return input.name == inputName; });
}

}  // namespace aviary
