#include "StacBandNames.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "AsciiLower.h"
#include "JsonMember.h"

namespace aviary::satellite {
namespace {

// "b2" as "b02": Earth Engine names Sentinel-2's bands without the zero.
std::string zeroPadded(std::string name) {
  if (name.size() == 2 && name[0] == 'b' && std::isdigit(static_cast<unsigned char>(name[1])))
    name.insert(1, "0");
  return name;
}

StacBandNames::Match byName(const std::string& name) {
  // Sentinel-2 names in any case, and the STAC common names (eo extension) of those bands.
  static const std::map<std::string, StacBandNames::Match> names = {
      {"b02", {"B02", 0}},     {"b03", {"B03", 0}},    {"b04", {"B04", 0}},
      {"b05", {"B05", 0}},     {"b08", {"B08", 0}},    {"b11", {"B11", 0}},
      {"b12", {"B12", 0}},     {"scl", {"SCL", 0}},    {"blue", {"B02", 1}},
      {"green", {"B03", 1}},   {"red", {"B04", 1}},    {"rededge1", {"B05", 1}},
      {"nir", {"B08", 1}},     {"swir16", {"B11", 1}}, {"swir22", {"B12", 1}},
      {"rededge", {"B05", 2}}, {"nir08", {"B08", 2}},  {"qa_pixel", {"QA_PIXEL", 0}},
      {"fmask", {"FMASK", 0}}};
  const auto found = names.find(zeroPadded(asciiLower(name)));
  return found == names.end() ? StacBandNames::Match{} : found->second;
}

}  // namespace

StacBandNames::Match StacBandNames::match(const std::string& key, const nlohmann::json& asset,
                                          bool landsatNumbers) {
  if (landsatNumbers) {
    static const std::map<std::string, Match> landsat = {{"b02", {"B02", 0}}, {"b03", {"B03", 0}},
                                                         {"b04", {"B04", 0}}, {"b05", {"B08", 0}},
                                                         {"b06", {"B11", 0}}, {"b07", {"B12", 0}}};
    const std::string name = zeroPadded(asciiLower(key));
    const auto numbered = landsat.find(name);
    if (numbered != landsat.end()) return numbered->second;
    if (name.size() == 3 && name[0] == 'b' && std::isdigit(static_cast<unsigned char>(name[1])))
      return {};  // another Landsat band, not the Sentinel-2 band of that number
  }
  Match found = byName(key);
  if (!found.band.empty()) return found;
  const auto bands = asset.find("eo:bands");
  if (bands == asset.end() || !bands->is_array() || bands->size() != 1) return {};
  return fromEoBand(bands->front(), landsatNumbers);
}

StacBandNames::Match StacBandNames::fromEoBand(const nlohmann::json& band, bool landsatNumbers) {
  Match found = match(stringMember(band, "name"), nlohmann::json::object(), landsatNumbers);
  if (found.band.empty()) found = byName(stringMember(band, "common_name"));
  if (!found.band.empty()) found.rank = 3;
  return found;
}

std::vector<StacBandNames::Match> StacBandNames::matchEach(const nlohmann::json& asset,
                                                           bool landsatNumbers) {
  const auto bands = asset.find("eo:bands");
  if (bands == asset.end() || !bands->is_array() || bands->size() < 2) return {};
  std::vector<Match> each;
  for (const auto& band : *bands)
    each.push_back(band.is_object() ? fromEoBand(band, landsatNumbers) : Match{});
  return each;
}

bool StacBandNames::numbersAsLandsat(const nlohmann::json& item) {
  const std::string collection = asciiLower(stringMember(item, "collection"));
  const auto properties = item.find("properties");
  const std::string platform =
      properties == item.end() ? std::string() : asciiLower(stringMember(*properties, "platform"));
  if (collection.rfind("hlsl30", 0) != 0 && platform.rfind("landsat", 0) != 0) return false;
  // A Landsat catalog written to the contract names its NIR B08, as Sentinel-2 does.
  const auto assets = item.find("assets");
  if (assets == item.end() || !assets->is_object()) return false;
  for (const auto& [key, asset] : assets->items())
    if (asciiLower(key) == "b08") return false;
  return true;
}

}  // namespace aviary::satellite
