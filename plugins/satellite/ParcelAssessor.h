#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "BatchReading.h"
#include "CropCalendar.h"
#include "CropClassifier.h"
#include "NormalCurveFit.h"
#include "Parcel.h"
#include "ParcelResult.h"
#include "RegionCalendar.h"
#include "RegionPeerCurves.h"
#include "SceneItem.h"
#include "SceneStack.h"
#include "SurfaceUnmixing.h"

namespace aviary::satellite {

// The whole per-parcel pipeline: windowed reads from every scene, the cleaned and smoothed
// index series, the crop system, and the season's condition, hazards and value.
// Parcels are spread over worker threads, each with its own open scenes.
class ParcelAssessor {
 public:
  struct Options {
    std::string asOf;  // YYYY-MM-DD; scenes after it are ignored
    int threads = 2;
    bool learnCropMix = true;    // lean the probabilities towards the batch's mix (BatchCropMix)
    bool learnNdviLevel = true;  // read the level features at the batch's own (BatchNdviLevel)
    bool sharedFallsAreWeather = true;  // take back the pests a tenth shares (RegionalFall)
    // Called from the reading threads as scenes are read: (reads done, reads in all).
    std::function<void(std::size_t, std::size_t)> progress;
  };

  // Context parcels read beside a batch, at most (a whole register would slow a merchant's
  // decision; a few hundred show a region as well as its batches do).
  static constexpr std::size_t kContextParcels = 300;

  ParcelAssessor(std::vector<SceneItem> items, const CropCalendar& calendar, Options options);

  // Observations, series and features only (what training needs). The parcels are taken as
  // one region: their calendar (`region`, when given) is estimated from all of them. What the
  // scenes' files said when opened goes to `sceneProblems`, when given, as sceneProblems()
  // words it (taken while reading, so no scene is opened twice).
  std::vector<ParcelResult> observe(const std::vector<Parcel>& parcels,
                                    RegionCalendar::Estimate* region = nullptr,
                                    std::vector<std::string>* sceneProblems = nullptr) const;
  // Classifies observed parcels and judges their season, aligned on the region's calendar
  // (`regionShift`, days against crops.csv) when the batch gave a sure one, and against each
  // crop's peer curve (RegionPeerCurves) besides crops.csv's. Unless Options::learnCropMix is
  // off, the crop probabilities lean towards the batch's own crop mix as far as BatchCropMix
  // finds one. Unless Options::learnNdviLevel is off, the model reads the batch at its own NDVI
  // level (BatchNdviLevel). Unless Options::sharedFallsAreWeather is off, a pest a tenth of the
  // batch shares is taken back (RegionalFall). What the batch showed goes to `reading`.
  void classifyAndJudge(std::vector<ParcelResult>& results, const CropClassifier& classifier,
                        std::optional<double> regionShift = std::nullopt,
                        BatchReading* reading = nullptr) const;
  // observe() and classifyAndJudge(). `context`: parcels of the same region (a land register,
  // earlier applicants) read beside `parcels`, so that a merchant's few show the region's
  // calendar, NDVI level, crop mix, peers and ranks as a batch of the region does: the
  // kContextParcels nearest the parcels, but none with a parcel's id. The results are the
  // parcels' only; what the batch and its context showed goes to `reading`, when given.
  std::vector<ParcelResult> assess(const std::vector<Parcel>& parcels,
                                   const CropClassifier& classifier,
                                   BatchReading* reading = nullptr,
                                   const std::vector<Parcel>& context = {}) const;

  // The `most` parcels of `context` nearest the centre of `parcels` (the first `most` when no
  // parcel has a place), nearest first, leaving out those that share a parcel's id (the same field
  // twice) and those without a polygon (their errors are the register's business).
  static std::vector<const Parcel*> nearestContext(const std::vector<Parcel>& parcels,
                                                   const std::vector<Parcel>& context,
                                                   std::size_t most);

  // One parcel's own features (without the region's), and their names.
  std::vector<float> features(const ParcelTimeSeries& series) const;
  std::vector<std::string> parcelFeatureNames() const;
  // Every feature the classifier takes (the model file's order): the parcel's, then the
  // batch's (RegionCalendar, then BatchRanks).
  std::vector<std::string> featureNames() const;
  // Appends the batch features to each row of parcel features; returns the region estimate.
  static RegionCalendar::Estimate addBatchFeatures(const std::vector<std::vector<float>*>& rows,
                                                   const std::vector<std::string>& parcelNames);

  // One line per scene that could not be used or lacks a band, with the item id. Opens every
  // scene; assess() gives the same lines in its BatchReading without opening them again.
  std::vector<std::string> sceneProblems() const;
  const std::vector<SceneItem>& items() const { return items_; }
  int year() const { return year_; }

 private:
  // The lines of sceneProblems() for the checks made opening each item.
  std::vector<std::string> problemsOf(const std::vector<SceneStack::ItemCheck>& checks) const;

  std::vector<SceneItem> items_;
  std::vector<std::string> dropped_;
  const CropCalendar& calendar_;
  Options options_;
  NormalCurveFit fit_;
  SurfaceUnmixing unmixing_;
  int year_ = 0;
  int asOfDay_ = 365;
};

}  // namespace aviary::satellite
