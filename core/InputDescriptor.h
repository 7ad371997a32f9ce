#pragma once

#include <string>

namespace aviary {

// One input an evidence source needs from the case file (a key under inputs.<source id>).
struct InputDescriptor {
  std::string name;
  std::string type;  // "path", "path[]", "string", "date", "number"
  bool required = true;
  std::string meaning;
};

}  // namespace aviary
