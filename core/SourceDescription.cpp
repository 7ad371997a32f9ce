#include "SourceDescription.h"

namespace aviary {

const FeatureDescriptor* SourceDescription::findFeature(const std::string& name) const {
  for (const auto& feature : features)
    if (feature.name == name) return &feature;
  return nullptr;
}

const char* toString(FeatureDescriptor::Type type) {
  switch (type) {
    case FeatureDescriptor::Type::Number:
      return "number";
    case FeatureDescriptor::Type::Boolean:
      return "boolean";
    case FeatureDescriptor::Type::Category:
      return "category";
  }
  return "number";
}

}  // namespace aviary
