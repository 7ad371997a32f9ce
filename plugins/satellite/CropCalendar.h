#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "CropSystem.h"

namespace aviary::satellite {

// Reflectance end-members of spectra.csv, in band order B02 B03 B04 B05 B08 B11 B12.
struct Endmembers {
  std::array<double, 7> soil{}, vegetation{}, water{}, cloud{};
};

// The agronomic reference of crops.md: systems, their normal NDVI curves and the spectra.
class CropCalendar {
 public:
  // Reads crops.csv and spectra.csv from `directory`; throws std::runtime_error naming the file.
  static CropCalendar load(const std::filesystem::path& directory);
  // The calendar shipped with Aviary (SatelliteResources::directory()).
  static const CropCalendar& shipped();
  static std::filesystem::path resourceDirectory();

  const std::vector<CropSystem>& systems() const { return systems_; }
  const CropSystem* find(const std::string& code) const;
  int indexOf(const std::string& code) const;  // -1 if unknown
  // The systems a farmer's declared crop names: a system code, a season's English or Chinese
  // name in any case ("spring maize", "春玉米"), or another name crop_names.csv gives ("corn",
  // "arachide"). Failing an exact name, every system a name of which the declared one is part
  // of ("maize", "玉米": wheat_maize and maize_spring); failing that, every system whose name
  // the declared one holds ("Young fallow"). Empty when it names no crop of crops.csv.
  std::vector<std::string> systemsNamed(const std::string& declared) const;
  // What to write instead of a name systemsNamed() does not know.
  static constexpr const char* kUnknownNameAdvice =
      "give a system code (maize_spring, rice_single, ...) or a crop's name, or add this one to "
      "crop_names.csv in the satellite plugin's resources";
  const Endmembers& endmembers() const { return endmembers_; }

  // The double logistic of Beck et al. (2006) with the harvest drop of crops.md.
  // `shiftDays` moves the whole season, `peakDelta` raises or lowers its peak.
  static double seasonNdvi(const CropSeason& season, double doy, double shiftDays = 0,
                           double peakDelta = 0);
  // A system's normal NDVI on a day: the second season takes over after the first harvest.
  static double normalNdvi(const CropSystem& system, double doy, double shiftDays = 0);
  // Index of the season that is current on `doy` (0 or 1).
  static int seasonAt(const CropSystem& system, double doy, double shiftDays = 0);

 private:
  // crop_names.csv: other names of crops.csv's systems, in farmers' and registers' languages.
  void readOtherNames(const std::filesystem::path& file);

  std::vector<CropSystem> systems_;
  Endmembers endmembers_;
};

}  // namespace aviary::satellite
