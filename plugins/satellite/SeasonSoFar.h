#pragma once

namespace aviary::satellite {

// A year assessed before its crops are grown (--as-of, a case's decision date) shows only the
// season so far. The crop model learnt whole years and reads a cut one too surely: as of May
// 31, a third of the likeliest crops were right at a mean top probability of 0.60. Such a
// year's probabilities are flattened by a temperature that grows the earlier the cut.
class SeasonSoFar {
 public:
  // From this day of the year on, the model's own calibration stands (the fitted temperature
  // falls below 1 there, and sharpening is left to the model's own calibration).
  static constexpr int kWholeFrom = 273;
  // The temperature for a year cut at `asOfDay`: linear between the month ends it was fitted at
  // (the log loss of nine tuning sets of two generators, each cut at every month end; see
  // satellite_crop_model.md), the earliest one's before them, 1 from kWholeFrom.
  static double temperature(int asOfDay);
};

}  // namespace aviary::satellite
