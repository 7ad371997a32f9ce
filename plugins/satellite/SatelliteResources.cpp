#include "SatelliteResources.h"

#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "PluginLoader.h"

namespace aviary::satellite {
namespace {

std::mutex folderMutex;
std::filesystem::path& givenFolder() {
  static std::filesystem::path folder;
  return folder;
}

}  // namespace

void SatelliteResources::setDirectory(const std::filesystem::path& folder) {
  std::lock_guard<std::mutex> lock(folderMutex);
  givenFolder() = folder;
}

std::filesystem::path SatelliteResources::directory() {
  if (const char* value = std::getenv("AVIARY_SATELLITE_RESOURCES"); value && *value) return value;
  {
    std::lock_guard<std::mutex> lock(folderMutex);
    if (!givenFolder().empty()) return givenFolder();
  }
  std::error_code error;
  for (const auto& folder : PluginLoader::defaultSearchPath())
    if (std::filesystem::exists(folder / "satellite" / "crops.csv", error))
      return folder / "satellite";
  throw std::runtime_error(
      "the satellite source's resources (crops.csv, spectra.csv, the crop model) were not found "
      "beside its plugin; reinstall Aviary or set AVIARY_SATELLITE_RESOURCES to that folder");
}

}  // namespace aviary::satellite
