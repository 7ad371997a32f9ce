#pragma once

#include <string>
#include <vector>

#include "FeatureDescriptor.h"
#include "InputDescriptor.h"

namespace aviary {

// What an evidence source is for, what it needs and what it emits.
struct SourceDescription {
  std::string summary;
  std::vector<std::string> segments;  // merchant segments it serves: farmer, dealer, shop
  std::vector<InputDescriptor> inputs;
  std::vector<FeatureDescriptor> features;

  const FeatureDescriptor* findFeature(const std::string& name) const;
};

}  // namespace aviary
