#pragma once

#include <cstdint>
#include <vector>

#include "PartyProfile.h"
#include "PaymentNetwork.h"
#include "TypologyFinding.h"

namespace aviary::supplychain {

// Runs the typology searches of fake or laundered trade (circular trade, layering chains,
// fan-in, fan-out, pass-through shells) and keeps what clears each search's threshold. The
// thresholds come from the data set itself: every search but the shells' also runs on the
// null copy of the amounts (AmountView::shuffledWithinPayers), and typologyThreshold() cuts
// where chance alone would make up at most a tenth of what is kept.
class TypologySearch {
 public:
  struct Result {
    std::vector<TypologyFinding> rings, layering, fanIns, fanOuts, shells;
    // Per search: the threshold used and how many findings the real and the null data had.
    struct Calibration {
      const char* search;
      double threshold;
      std::size_t real, null, kept;
    };
    std::vector<Calibration> calibration;
  };
  static Result run(const PaymentNetwork& net, const PartyProfile& profile, std::int32_t asOfDay);
};

}  // namespace aviary::supplychain
