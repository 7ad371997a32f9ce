#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "PartyProfile.h"
#include "PaymentNetwork.h"
#include "SupplyPairFeatures.h"
#include "WeakPairLabels.h"

namespace aviary::credit {
class XGBoostBooster;
}

namespace aviary::supplychain {

// A pair classifier trained on each data set's own weak labels (WeakPairLabels), never on
// another's: XGBoost over SupplyPairFeatures. Memo text, industry and channel columns are
// first learned from the same labels (smoothed log-odds, leaving the pair's own payments
// out). The side information is hidden at random on half the training rows, so the trees
// also learn what the structure alone says, which is all most pairs have. One round of
// self-training adds the pairs the first model is sure of.
class SupplyPairModel {
 public:
  struct Options {
    int rounds = 40;
    int depth = 5;
    double eta = 0.15;
    std::size_t maxRowsPerClass = 30000;
    bool selfTraining = false;
    std::uint64_t seed = 20240611;
  };
  struct Summary {
    std::size_t positives = 0, negatives = 0;  // weak labels used for training
    std::size_t pseudoPositives = 0, pseudoNegatives = 0;
    std::size_t candidates = 0;
    bool trained = false;
    std::string note;  // why no model was trained, when none was
  };

  explicit SupplyPairModel(Options options);
  ~SupplyPairModel();
  SupplyPairModel(SupplyPairModel&&) noexcept;
  SupplyPairModel& operator=(SupplyPairModel&&) noexcept;

  // `candidate[p]`: pair p may be a supply relation (both parties may be firms, its
  // payments are not ring or shell flows). Fills the learned columns of `features`.
  void fit(const PaymentNetwork& net, SupplyPairFeatures& features, const WeakPairLabels& labels,
           const std::vector<std::uint8_t>& candidate);

  // Probability that the payee supplies the payer, per pair (0 for non-candidates).
  const std::vector<float>& probability() const { return probability_; }
  const Summary& summary() const { return summary_; }
  // Share of the model's total gain per feature column (sums to 1 when trained).
  const std::vector<double>& gainShares() const { return gainShares_; }
  // For each given pair, the columns that moved its score most, as "name +0.8, name -0.3".
  std::vector<std::string> explain(const SupplyPairFeatures& features,
                                   const std::vector<std::uint32_t>& pairs) const;

 private:
  Options options_;
  Summary summary_;
  std::vector<float> probability_;
  std::vector<double> gainShares_;
  std::unique_ptr<credit::XGBoostBooster> booster_;
};

}  // namespace aviary::supplychain
