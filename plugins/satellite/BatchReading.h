#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "BatchCropMix.h"
#include "BatchNdviLevel.h"
#include "CropClassifier.h"
#include "RegionCalendar.h"
#include "RegionPeerCurves.h"

namespace aviary::satellite {

// What `assess` learnt from a batch as a whole, for the command's log: the region's calendar,
// each crop's peer curve, the NDVI level and crop mix the model read it at, and the temperature
// its strangeness set. The parcels' lines carry their effects.
struct BatchReading {
  RegionCalendar::Estimate region;
  RegionPeerCurves peers;
  BatchNdviLevel level;
  BatchCropMix mix;
  CropClassifier::BatchTemperature temperature;
  std::size_t contextRead = 0;  // context parcels read beside the batch
  // One line per scene that could not be used or lacks a band (ParcelAssessor::sceneProblems).
  std::vector<std::string> sceneProblems;
};

}  // namespace aviary::satellite
