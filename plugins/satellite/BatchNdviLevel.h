#pragma once

#include <functional>
#include <string>
#include <vector>

namespace aviary::satellite {

// The NDVI level of one batch, read off the batch itself. A region's soil, haze and sensor
// move every parcel's NDVI by a few hundredths (on the same cover, a bright sand read about
// 0.02 higher than a milder soil), and the trees learnt absolute levels: 0.02 costs up
// to 0.07 of accuracy (model report, sixteenth pass). Here the batch's level features are
// moved together by each offset of a grid, and the offset at which the model is surest of the
// batch (its mean top probability) is kept, when it gains at least kMinGain over leaving the
// level as it is. Shapes, timing and ranks within the batch do not move with a level, so only
// the level features do. A batch too small to tell is left as it is.
class BatchNdviLevel {
 public:
  using Predict =
      std::function<std::vector<std::vector<double>>(const std::vector<std::vector<float>>&)>;

  static constexpr int kMinParcels = 30;
  // Parcels the offsets are tried on (evenly spread over the batch): enough for the mean top
  // probability, and a 100,000-parcel batch costs no more.
  static constexpr std::size_t kSampleParcels = 300;
  static constexpr double kStep = 0.01, kMaxOffset = 0.05;
  // Chosen on our tuning sets (second generator 201-203 and severity 0.5-1, clean-room 21):
  // above it two of three batches gained, below it four of six lost.
  static constexpr double kMinGain = 0.01;

  // Whether feature `name` is an NDVI level (it moves with the whole series).
  static bool isLevel(const std::string& name);
  // `rows`: the batch's feature rows, in `names`' order; `predict`: the model's probabilities
  // for rows (before any temperature).
  static BatchNdviLevel estimate(const std::vector<std::vector<float>>& rows,
                                 const std::vector<std::string>& names, const Predict& predict);
  // Moves every row's level features by offset() (nothing when it is 0).
  void apply(std::vector<std::vector<float>>& rows) const;

  // Added to the level features: the best offset when it gains kMinGain, else 0 (left alone).
  double offset() const { return gain_ >= kMinGain ? best_ : 0; }
  double gain() const { return gain_; }  // the mean top probability gained at the best offset
  // One line for the command's log.
  std::string describe() const;

 private:
  std::vector<std::size_t> levelColumns_;
  double best_ = 0, gain_ = 0;
  int parcels_ = 0;
};

}  // namespace aviary::satellite
