#include "BatchRanks.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <random>

#include "FeatureColumn.h"

namespace aviary::satellite {
namespace {

constexpr const char* kPrefix = "batch_rank_";
// Levels, not dates: the region calendar (RegionCalendar) places the dates.
constexpr const char* kLevels[] = {"peak_ndvi",
                                   "min_ndvi",
                                   "amplitude",
                                   "integral",
                                   "aligned_peak",
                                   "aligned_floor_before",
                                   "aligned_floor_after",
                                   "aligned_winter",
                                   "canopy_swir11_ratio",
                                   "canopy_swir12_ratio",
                                   "canopy_rededge_ratio",
                                   "swir_factor",
                                   "swir12_factor",
                                   "lswi_at_peak",
                                   "ndre_at_peak",
                                   "evi_at_peak",
                                   "aligned_lswi_peak",
                                   "aligned_ndre_peak",
                                   "aligned_evi_ratio",
                                   "aligned_season_days"};
constexpr double kWholeCatalogShare = 0.7;        // catalogs ranked whole in training
constexpr int kFewestCrops = 4, kMostCrops = 11;  // crops in one such batch

}  // namespace

std::vector<std::string> BatchRanks::featureNames() {
  std::vector<std::string> names;
  for (const char* level : kLevels) names.push_back(std::string(kPrefix) + level);
  return names;
}

std::vector<std::vector<float>> BatchRanks::ranks(
    const std::vector<const std::vector<float>*>& rows, const std::vector<std::string>& names) {
  const std::size_t levels = std::size(kLevels);
  std::vector<std::vector<float>> out(rows.size(), std::vector<float>(levels, NAN));
  for (std::size_t j = 0; j < levels; ++j) {
    const std::size_t at = featureColumn(names, kLevels[j]);
    std::vector<std::pair<float, std::size_t>> seen;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (std::isfinite((*rows[i])[at])) seen.emplace_back((*rows[i])[at], i);
    if (seen.size() < kMinParcels) continue;
    std::sort(seen.begin(), seen.end());
    const double n = static_cast<double>(seen.size());
    for (std::size_t a = 0; a < seen.size();) {
      std::size_t b = a;
      while (b < seen.size() && seen[b].first == seen[a].first) ++b;
      const float rank = static_cast<float>(((a + b - 1) / 2.0 + 0.5) / n);  // ties share the mid
      for (std::size_t k = a; k < b; ++k) out[seen[k].second][j] = rank;
      a = b;
    }
  }
  return out;
}

void BatchRanks::rankWithin(std::vector<std::vector<float>>& rows, const std::vector<int>& groups,
                            const std::vector<int>& labels, const std::vector<std::string>& names,
                            std::uint64_t seed) {
  const std::size_t first = featureColumn(names, std::string(kPrefix) + kLevels[0]);
  std::map<int, std::vector<std::size_t>> catalogs;  // group: its rows, in row order
  for (std::size_t i = 0; i < rows.size(); ++i) catalogs[groups[i]].push_back(i);
  std::mt19937_64 random(seed);
  for (const auto& catalog : catalogs) {
    const std::vector<std::size_t>& members = catalog.second;
    std::vector<int> crops;
    for (std::size_t i : members) crops.push_back(labels[i]);
    std::sort(crops.begin(), crops.end());
    crops.erase(std::unique(crops.begin(), crops.end()), crops.end());
    std::shuffle(crops.begin(), crops.end(), random);
    const bool whole = std::uniform_real_distribution<double>(0, 1)(random) < kWholeCatalogShare;
    const int perBatch = whole
                             ? static_cast<int>(crops.size())
                             : std::uniform_int_distribution<int>(kFewestCrops, kMostCrops)(random);
    for (std::size_t c = 0; c < crops.size(); c += perBatch) {
      const auto from = crops.begin() + c,
                 to = crops.begin() + std::min(crops.size(), c + perBatch);
      std::vector<std::size_t> batch;
      for (std::size_t i : members)
        if (std::find(from, to, labels[i]) != to) batch.push_back(i);
      std::vector<const std::vector<float>*> batchRows;
      for (std::size_t i : batch) batchRows.push_back(&rows[i]);
      const std::vector<std::vector<float>> r = ranks(batchRows, names);
      for (std::size_t k = 0; k < batch.size(); ++k)
        std::copy(r[k].begin(), r[k].end(), rows[batch[k]].begin() + first);
    }
  }
}

}  // namespace aviary::satellite
