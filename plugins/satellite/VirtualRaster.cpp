#include "VirtualRaster.h"

#include <gdal_utils.h>

namespace aviary::satellite {

GDALDatasetUniquePtr VirtualRaster::translated(GDALDataset& source,
                                               const std::vector<std::string>& options) {
  std::vector<char*> argv = {const_cast<char*>("-of"), const_cast<char*>("VRT")};
  for (const auto& o : options) argv.push_back(const_cast<char*>(o.c_str()));
  argv.push_back(nullptr);
  GDALTranslateOptions* parsed = GDALTranslateOptionsNew(argv.data(), nullptr);
  if (!parsed) return nullptr;
  GDALDatasetH out = GDALTranslate("", GDALDataset::ToHandle(&source), parsed, nullptr);
  GDALTranslateOptionsFree(parsed);
  return GDALDatasetUniquePtr(GDALDataset::FromHandle(out));
}

}  // namespace aviary::satellite
