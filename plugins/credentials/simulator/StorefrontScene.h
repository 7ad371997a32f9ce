#pragma once

#include <string>

namespace aviary {

// What a simulated storefront photo shows: the truth its reading is scored against.
struct StorefrontScene {
  std::string signboard;   // the name painted on the board
  bool night = false;      // dusk or night: only lit boards and windows are bright
  bool shuttered = false;  // the roller shutter is down
};

}  // namespace aviary
