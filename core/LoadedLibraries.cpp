#include "LoadedLibraries.h"

#include <mutex>
#include <vector>

namespace aviary {

void LoadedLibraries::keepForProcessLifetime(std::shared_ptr<boost::dll::shared_library> library) {
  // Leaked on purpose: destroying the list at exit would unload the libraries before the
  // static objects they made are destroyed.
  static auto* keepAlive = new std::vector<std::shared_ptr<boost::dll::shared_library>>();
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  keepAlive->push_back(std::move(library));
}

}  // namespace aviary
