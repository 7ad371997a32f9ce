#include "CropCalendar.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "AsciiLower.h"
#include "SatelliteResources.h"

namespace aviary::satellite {
namespace {

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::vector<std::vector<std::string>> readCsv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in)
    throw std::runtime_error("cannot read " + file.string() +
                             "; set AVIARY_SATELLITE_RESOURCES to the folder with crops.csv");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) rows.push_back(splitCsvLine(line));
  }
  return rows;
}

double number(const std::string& text) {
  return std::stod(text);
}
std::optional<double> optionalNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return std::stod(text);
}

// A crop's name as compared: lower case, '_', '-' and brackets as spaces, spaces collapsed.
std::string comparable(const std::string& name) {
  std::string out;
  for (const char c : asciiLower(name)) {
    const bool space = c == '_' || c == '-' || c == '(' || c == ')' || c == ' ' || c == '\t';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Whether `part` is in `name`: as whole words for Latin script, anywhere for Chinese.
bool namePart(const std::string& part, const std::string& name) {
  const bool latin = std::all_of(part.begin(), part.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!latin) return name.find(part) != std::string::npos;
  return (" " + name + " ").find(" " + part + " ") != std::string::npos;
}

// A name of one character (茶, tea) is too short to stand for a crop inside a longer name: 油茶
// is oil-tea camellia, 茶树菇 a mushroom.
bool oneCharacter(const std::string& name) {
  return std::count_if(name.begin(), name.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }) == 1;
}

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

CropCalendar CropCalendar::load(const std::filesystem::path& directory) {
  CropCalendar calendar;
  const auto crops = readCsv(directory / "crops.csv");
  if (crops.size() < 2) throw std::runtime_error("crops.csv has no rows");
  const auto& header = crops.front();
  auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error("crops.csv lacks column " + name);
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t cSystem = column("system"), cSeason = column("season"),
                    cName = column("name_en"), cNameZh = column("name_zh"),
                    cGroup = column("group"), cPre = column("pre_ndvi"),
                    cPeak = column("peak_ndvi"), cPost = column("post_ndvi"),
                    cFloodStart = column("flood_start_doy"), cFloodEnd = column("flood_end_doy"),
                    cGreenup = column("greenup_doy"), cRise = column("rise_rate"),
                    cSen = column("senescence_doy"), cFall = column("fall_rate"),
                    cHarvest = column("harvest_doy"), cSwir = column("swir_factor"),
                    cYield = column("yield_kg_per_mu"), cPrice = column("price_cny_per_kg");
  for (std::size_t r = 1; r < crops.size(); ++r) {
    auto row = crops[r];
    row.resize(header.size());
    CropSeason s;
    s.season = std::stoi(row[cSeason]);
    s.nameEn = row[cName];
    s.nameZh = row[cNameZh];
    s.pre = number(row[cPre]);
    s.peak = number(row[cPeak]);
    s.post = number(row[cPost]);
    s.floodStart = optionalNumber(row[cFloodStart]);
    s.floodEnd = optionalNumber(row[cFloodEnd]);
    s.greenup = number(row[cGreenup]);
    s.riseRate = number(row[cRise]);
    s.senescence = number(row[cSen]);
    s.fallRate = number(row[cFall]);
    s.harvest = optionalNumber(row[cHarvest]);
    s.swirFactor = number(row[cSwir]);
    s.yieldKgPerMu = number(row[cYield]);
    s.priceCnyPerKg = number(row[cPrice]);
    auto it = std::find_if(calendar.systems_.begin(), calendar.systems_.end(),
                           [&](const CropSystem& c) { return c.code == row[cSystem]; });
    if (it == calendar.systems_.end()) {
      calendar.systems_.push_back({row[cSystem], row[cGroup], {}});
      it = std::prev(calendar.systems_.end());
    }
    it->seasons.push_back(s);
  }

  for (auto& system : calendar.systems_) {
    system.names = {comparable(system.code)};
    for (const auto& season : system.seasons) {
      system.names.push_back(comparable(season.nameEn));
      system.names.push_back(comparable(season.nameZh));  // as written, and each alternative
      std::stringstream alternatives(season.nameZh);
      for (std::string name; std::getline(alternatives, name, '/');)
        system.names.push_back(comparable(name));
    }
  }
  if (std::filesystem::exists(directory / "crop_names.csv"))
    calendar.readOtherNames(directory / "crop_names.csv");

  const auto spectra = readCsv(directory / "spectra.csv");
  for (std::size_t r = 1; r < spectra.size(); ++r) {
    const auto& row = spectra[r];
    if (row.size() < 8)
      throw std::runtime_error("spectra.csv row " + std::to_string(r) + " is short");
    std::array<double, 7> values{};
    for (int b = 0; b < 7; ++b) values[b] = number(row[b + 1]);
    if (row[0] == "soil")
      calendar.endmembers_.soil = values;
    else if (row[0] == "vegetation")
      calendar.endmembers_.vegetation = values;
    else if (row[0] == "water")
      calendar.endmembers_.water = values;
    else if (row[0] == "cloud")
      calendar.endmembers_.cloud = values;
  }
  return calendar;
}

std::filesystem::path CropCalendar::resourceDirectory() {
  return SatelliteResources::directory();
}

const CropCalendar& CropCalendar::shipped() {
  static const CropCalendar calendar = load(resourceDirectory());
  return calendar;
}

void CropCalendar::readOtherNames(const std::filesystem::path& file) {
  const auto rows = readCsv(file);
  if (rows.empty() || rows.front() != std::vector<std::string>{"name", "system"})
    throw std::runtime_error(file.string() + " must start with the header name,system");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    auto system = std::find_if(systems_.begin(), systems_.end(), [&](const CropSystem& c) {
      return row.size() == 2 && c.code == row[1];
    });
    if (system == systems_.end() || comparable(row[0]).empty())
      throw std::runtime_error(file.string() + " row " + std::to_string(r + 1) +
                               ": give a name and a system code of crops.csv");
    system->names.push_back(comparable(row[0]));
  }
}

std::vector<std::string> CropCalendar::systemsNamed(const std::string& declared) const {
  if (find(declared)) return {declared};
  const std::string wanted = comparable(declared);
  if (wanted.empty()) return {};
  std::vector<std::string> exact, partly, holding, heldNames;
  for (const auto& system : systems_) {
    const std::vector<std::string>& names = system.names;
    if (std::find(names.begin(), names.end(), wanted) != names.end())
      exact.push_back(system.code);
    else if (std::any_of(names.begin(), names.end(),
                         [&](const std::string& name) { return namePart(wanted, name); }))
      partly.push_back(system.code);
    // A register's longer name that holds a crop's: "Young fallow", "irrigated rice".
    std::string held;
    for (const auto& name : names)
      if (!name.empty() && !oneCharacter(name) && name.size() > held.size() &&
          namePart(name, wanted))
        held = name;
    if (!held.empty()) {
      holding.push_back(system.code);
      heldNames.push_back(held);
    }
  }
  if (!exact.empty()) return exact;
  if (!partly.empty()) return partly;
  // A name inside another one found ("potato" in "sweet potato field") is not a crop of its own.
  std::vector<std::string> held;
  for (std::size_t i = 0; i < holding.size(); ++i)
    if (std::none_of(heldNames.begin(), heldNames.end(), [&](const std::string& other) {
          return other != heldNames[i] && namePart(heldNames[i], other);
        }))
      held.push_back(holding[i]);
  return held;
}

const CropSystem* CropCalendar::find(const std::string& code) const {
  for (const auto& s : systems_)
    if (s.code == code) return &s;
  return nullptr;
}

int CropCalendar::indexOf(const std::string& code) const {
  for (std::size_t i = 0; i < systems_.size(); ++i)
    if (systems_[i].code == code) return static_cast<int>(i);
  return -1;
}

double CropCalendar::seasonNdvi(const CropSeason& s, double doy, double shiftDays,
                                double peakDelta) {
  const double peak = s.peak + peakDelta;
  const double greenup = s.greenup + shiftDays, senescence = s.senescence + shiftDays;
  auto curve = [&](double t) {
    const double v = s.pre + (peak - s.pre) * logistic(s.riseRate * (t - greenup)) -
                     (peak - s.post) * logistic(s.fallRate * (t - senescence));
    return std::max(v, s.floor());
  };
  if (!s.harvest) return curve(doy);
  const double harvest = *s.harvest + shiftDays;
  if (doy <= harvest) return curve(doy);
  // The canopy is removed: down to stubble within about five days.
  const double atHarvest = curve(harvest);
  const double progress = std::min(1.0, (doy - harvest) / 5.0);
  return atHarvest + (s.post - atHarvest) * progress;
}

int CropCalendar::seasonAt(const CropSystem& system, double doy, double shiftDays) {
  if (system.seasons.size() < 2 || !system.seasons[0].harvest) return 0;
  return doy > *system.seasons[0].harvest + shiftDays ? 1 : 0;
}

double CropCalendar::normalNdvi(const CropSystem& system, double doy, double shiftDays) {
  return seasonNdvi(system.seasons[seasonAt(system, doy, shiftDays)], doy, shiftDays);
}

}  // namespace aviary::satellite
