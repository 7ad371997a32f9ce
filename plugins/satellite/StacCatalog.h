#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "SceneItem.h"

namespace aviary::satellite {

// A static STAC 1.0 catalog: items (and child catalogs) linked from catalog.json; or a STAC
// API search result saved to a file (an ItemCollection, its items inline), or a single item.
// Only an unreadable catalog throws; a broken item stays in the list with its error.
class StacCatalog {
 public:
  static StacCatalog read(const std::filesystem::path& catalogFile);

  // Parses an RFC 3339 date-time; returns false for anything else.
  static bool parseDatetime(const std::string& text, int& year, int& dayOfYear, std::string& date);

  std::vector<SceneItem> items;
};

}  // namespace aviary::satellite
