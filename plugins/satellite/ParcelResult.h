#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "ParcelTimeSeries.h"
#include "SeasonJudgement.h"

namespace aviary::satellite {

// Everything the source found about one parcel; `error` set means nothing else is valid.
struct ParcelResult {
  std::string parcelId;
  std::string declaredSystem;
  double areaM2 = 0;
  std::optional<double> declaredAreaMu;    // what the farmer or the register says, if anything
  double longitude = NAN, latitude = NAN;  // the centre of its bounding box
  std::string error;
  std::vector<std::string> warnings;
  ParcelTimeSeries series;
  std::vector<float> features;
  std::vector<double> probabilities;  // in the classifier's class order
  std::string system;                 // the likeliest crop system (the best guess when uncertain)
  double systemConfidence = 0;
  // Why the crop cannot be trusted (CropUncertainty); non-empty means "uncertain".
  std::vector<std::string> flags;
  std::string referral;
  bool uncertain() const { return !flags.empty(); }
  SeasonJudgement judgement;
  bool seasonSoFar = false;  // judged as of a day before the year's crops are grown (SeasonSoFar)
  std::optional<bool> declaredMatch;

  // The flags a parcel's output lists: `flags`, then three that leave the crop alone:
  // - kSeasonUnseen when clouds hid part of its season (SeasonJudgement::seasonUnseen): its
  //   hazards may be incomplete;
  // - kMixedPixels when less than kMixedPixelsBelow of what the satellite saw is its own
  //   ground (a plot a pixel or two wide): its crop and hazards are read partly off its
  //   neighbours. On the clean-room scenes plots under 2 mu are right about half the time;
  // - kSeasonInProgress when the year was cut before SeasonSoFar::kWholeFrom: its crop is
  //   read from the season so far, and its probabilities are flattened for that.
  static constexpr const char* kSeasonUnseen = "season_unseen";
  static constexpr const char* kMixedPixels = "mixed_pixels";
  static constexpr const char* kSeasonInProgress = "season_in_progress";
  static constexpr double kMixedPixelsBelow = 0.5;
  bool mixedPixels() const { return series.ownSignalShare() < kMixedPixelsBelow; }
  std::vector<std::string> reportedFlags() const {
    std::vector<std::string> all = flags;
    if (judgement.seasonUnseen()) all.emplace_back(kSeasonUnseen);
    if (mixedPixels()) all.emplace_back(kMixedPixels);
    if (seasonSoFar) all.emplace_back(kSeasonInProgress);
    return all;
  }
};

}  // namespace aviary::satellite
