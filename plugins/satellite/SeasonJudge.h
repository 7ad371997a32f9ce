#pragma once

#include <optional>

#include "CropSystem.h"
#include "HazardEvent.h"
#include "ParcelTimeSeries.h"
#include "SeasonJudgement.h"

namespace aviary::satellite {

// Grades a parcel's season against the normal curve of its crop system (condition, yield,
// value) and finds flood, drought and pest events as crops.md defines them.
class SeasonJudge {
 public:
  // Thresholds on the yield index (the season's amplitude against the normal's). The index
  // of a normal field scatters by about 0.05 (natural peak variation, haze, mixed edges), so
  // poor, "a yield likely 5% or more below normal" (crops.md), starts one scatter below 0.92.
  // Chosen on simulated seeds 9401-9404 (neither training nor final test seeds): 83% of
  // unstressed parcels come out favourable or better, 83% of stressed ones watch or poor.
  static constexpr double kExceptional = 1.08, kFavourable = 0.92, kWatch = 0.87;
  // A normal field's amplitude slope comes out below 1 (haze and mixed edges compress the
  // curve): the median over unstressed parcels of the same seeds.
  static constexpr double kClearSkySlope = 0.96;
  static constexpr double kDroughtRatio = 0.72;  // peak and integral both below this share
  // ... and the yield index too: a stressed field (amplitude 0.8 or more of normal) whose
  // curve haze lowered as well stays above it.
  static constexpr double kDroughtIndex = 0.75;
  // A normal field's integral above the base comes out below the normal's (residual haze,
  // mixed edges); measured as the median over unstressed fields of simulated seed 8 (not a
  // training or test seed). Used for the drought shortfall only.
  static constexpr double kClearSkyBias = 0.93;
  static constexpr double kPestDrop = 0.15;  // NDVI fall beyond the normal's, in ~10 days
  // A month in mid-season with no clean look (clear, not rejected, the parcel's own pixels):
  // a three-week flood, or a pest's fall and what followed it, can pass between two looks.
  static constexpr int kUnseenDays = 30;

  // `regionShift`: the region's planting shift against crops.csv in days (RegionCalendar),
  // when a batch of parcels gave a sure one; the season is aligned within kRegionShiftDays of
  // it rather than around the parcel's own green-up, which a hazard can move.
  // `peerNormal`: the region's peer curve of this crop system (RegionPeerCurves, a daily NDVI
  // curve), when the batch had enough such parcels. crops.csv's judgement stands; judged
  // against the peer curve too, a single-season crop may gain a pest or drought in a season
  // where crops.csv's curve found none.
  static SeasonJudgement judge(const ParcelTimeSeries& series, const CropSystem& system,
                               double areaMu, int year, int asOfDay = 365,
                               std::optional<double> regionShift = std::nullopt,
                               const std::vector<double>* peerNormal = nullptr);
  static std::string conditionOf(double yieldIndex);
  // A drought over `season` shifted by `shift` days: from its green-up to its senescence.
  static HazardEvent drought(const CropSeason& season, double shift, int year, double severity);
  // Adds a hazard found outside the judge (RegionalDrought) to a planted parcel's judgement:
  // hazards stay in date order, and a hazard grades the season poor, as the judge grades one.
  static void addHazard(SeasonJudgement& j, const HazardEvent& hazard);
  // Why a season whose spell went unseen cannot vouch for "no hazard"; empty when none did.
  static std::string unseenReason(const SeasonJudgement& j);

 private:
  // The judgement against one normal: crops.csv's, or the peer curve when given.
  static SeasonJudgement judgeAgainst(const ParcelTimeSeries& series, const CropSystem& system,
                                      double areaMu, int year, int asOfDay,
                                      std::optional<double> regionShift,
                                      const std::vector<double>* peerNormal);
};

}  // namespace aviary::satellite
