#pragma once

#include <memory>

#include <boost/dll/shared_library.hpp>

namespace aviary {

// Libraries loaded at run time (plugins, their workbench views) are never unloaded while the
// process runs: objects they made may still be referenced from anywhere (Qt timers and
// deferred deletes included), and unloading under them is undefined behaviour.
class LoadedLibraries {
 public:
  static void keepForProcessLifetime(std::shared_ptr<boost::dll::shared_library> library);
};

}  // namespace aviary
