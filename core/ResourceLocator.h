#pragma once

#include <filesystem>
#include <optional>

namespace aviary {

// Finds what Aviary ships beside its programs. An installed copy keeps the source tree's
// layout under <prefix>/share/aviary (resources/, migrations/); a build run in place reads
// the source tree.
class ResourceLocator {
 public:
  // The path named by $environmentVariable if it is set, else the installed copy of
  // `relative` if it exists, else the source tree's (which error messages then name).
  static std::filesystem::path find(const std::filesystem::path& relative,
                                    const char* environmentVariable = nullptr);
  // The installed copy or the source tree's, whichever exists first.
  static std::optional<std::filesystem::path> existing(const std::filesystem::path& relative);
  // <prefix>/share/aviary, where <prefix>/bin holds the running program.
  static std::filesystem::path installedRoot();
  static std::filesystem::path sourceRoot();
};

}  // namespace aviary
