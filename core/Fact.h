#pragma once

#include <string>

#include "Provenance.h"

namespace aviary {

// A statement an evidence source found, with where it came from.
struct Fact {
  std::string name;   // e.g. "monthly_rent_cny"
  std::string value;  // human-readable value
  Provenance provenance;
};

}  // namespace aviary
