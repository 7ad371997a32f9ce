#pragma once

#include <filesystem>
#include <optional>

namespace aviary {

// Finds what Aviary ships beside its programs: <prefix>/share/aviary (resources/,
// migrations/) where <prefix>/bin holds the program. The build tree has the same layout
// (build/share/aviary links to the source folders), so no build path is baked into a binary.
class ResourceLocator {
 public:
  // The path named by $environmentVariable if it is set, else <prefix>/share/aviary/relative
  // (which error messages then name, if it does not exist).
  static std::filesystem::path find(const std::filesystem::path& relative,
                                    const char* environmentVariable = nullptr);
  // <prefix>/share/aviary/relative if it exists.
  static std::optional<std::filesystem::path> existing(const std::filesystem::path& relative);
  // <prefix>/share/aviary, where <prefix>/bin holds the running program.
  static std::filesystem::path installedRoot();
  // <prefix>/bin: the folder of the running program, where its sibling programs are.
  static std::filesystem::path programDirectory();
};

}  // namespace aviary
