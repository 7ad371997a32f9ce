#pragma once

#include <string>

namespace aviary {

// One feature an evidence source emits: the kernel reads features only by these names.
struct FeatureDescriptor {
  enum class Type { Number, Boolean, Category };
  std::string name;
  Type type = Type::Number;
  std::string unit;     // "cny", "mu", "months", "ratio", "" for unitless
  std::string meaning;  // one plain sentence
};

const char* toString(FeatureDescriptor::Type type);

}  // namespace aviary
