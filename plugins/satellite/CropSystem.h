#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace aviary::satellite {

// One season of a cropping system, as one row of crops.csv.
struct CropSeason {
  int season = 1;
  std::string nameEn;
  std::string nameZh;  // alternatives separated by '/'
  double pre = 0, peak = 0, post = 0;
  std::optional<double> floodStart, floodEnd;
  double greenup = 0, riseRate = 0, senescence = 0, fallRate = 0;
  std::optional<double> harvest;  // empty for orchards
  double swirFactor = 1;
  double yieldKgPerMu = 0, priceCnyPerKg = 0;
  // The bare ground before and after the season: its floor, above which a season's rise counts.
  double floor() const { return std::min(pre, post); }
};

// A cropping system (the class the classifier recognises): one or two seasons.
struct CropSystem {
  std::string code;
  std::string group;
  std::vector<CropSeason> seasons;
  // Every name it answers to, as CropCalendar compares names: its code, its seasons' English
  // and Chinese names (each alternative too), and those crop_names.csv gives it.
  std::vector<std::string> names;
  bool planted() const { return code != "fallow"; }
};

}  // namespace aviary::satellite
