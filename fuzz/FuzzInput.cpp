#include "FuzzInput.h"

#include <fstream>

#include <unistd.h>

namespace aviary::fuzz {

const std::filesystem::path& FuzzInput::scratchDirectory() {
  static const std::filesystem::path directory = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("aviary-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return directory;
}

std::filesystem::path FuzzInput::writeFile(const std::string& name, std::string_view content) {
  const auto path = scratchDirectory() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

}  // namespace aviary::fuzz
