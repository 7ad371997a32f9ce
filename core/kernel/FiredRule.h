#pragma once

#include <string>

namespace aviary {

struct FiredRule {
  std::string id;
  std::string action;  // decline or refer
  std::string text;
};

}  // namespace aviary
