#pragma once

#include <string>
#include <vector>

namespace aviary::satellite {

// The crop mix of one batch, learnt from the batch itself. A lender's region grows a few of
// the 21 systems, while the model learnt them in its training shares (about even for the
// shipped model): between two crops it cannot tell apart, it should lean towards the one the
// region grows. The mix is estimated by expectation-maximisation of the batch's likelihood
// over class priors (Saerens, Latinne and Decaestecker, 2002), damped towards the training
// shares, and the probabilities are reweighted by it. EM reinforces whatever the model
// over-predicts, so the mix is used only as far as it explains the batch much better than the
// training shares do: by more than chance would (half a log-likelihood point per class) and
// by at least kFromGain per parcel, in full from kFullGain. A batch of about even crops, one
// too small to tell, or one the model is unsure of, is left as it is.
class BatchCropMix {
 public:
  static constexpr int kMinParcels = 30;
  // Pseudo-parcels of the training shares the estimate starts from (a MAP estimate): a crop
  // the batch seems to lack keeps some weight.
  static constexpr double kDamping = 30;
  // Excess log-likelihood per parcel. Chosen on our three generators' sets (even batches and
  // batches of 3-12 crops drawn from them): below 0.1 even and Zipf-like batches never
  // reached, 3-5-crop ones mostly did.
  static constexpr double kFromGain = 0.1, kFullGain = 0.35;
  // EM sharpens what the model predicts: where it is unsure of the batch as a whole (the mean
  // top probability, before the mix), it would sharpen its mistakes. Below kSureFrom the mix
  // is not used, in full from kSureFull. Chosen after looking at 27 batches of 3-8 crops from
  // our three generators: every loss of more than 0.03 was in a batch below 0.72.
  static constexpr double kSureFrom = 0.65, kSureFull = 0.8;

  // `probabilities`: one row per parcel of the batch, over the model's classes. `training`:
  // the model's training shares of its classes (empty: even).
  static BatchCropMix estimate(const std::vector<std::vector<double>>& probabilities,
                               std::vector<double> training);
  // Reweights every row by the mix, as far as strength() says, and renormalises it.
  void apply(std::vector<std::vector<double>>& probabilities) const;

  double strength() const { return strength_; }  // 0: left as it is; 1: the mix in full
  double gainPerParcel() const { return gain_; }
  const std::vector<double>& shares() const { return shares_; }  // the estimated mix
  // One line for the command's log: whether the mix was used, and its main crops.
  std::string describe(const std::vector<std::string>& classes) const;

 private:
  std::vector<double> training_, shares_;
  double gain_ = 0, strength_ = 0, meanTop_ = 0;
  int parcels_ = 0;
};

}  // namespace aviary::satellite
