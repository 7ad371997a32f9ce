#pragma once

#include <cstdint>
#include <filesystem>

#include "ExportStyle.h"

namespace aviary::supplychain {

// A second trade simulator, built to differ from SupplyChainSimulator in structure so that
// it can stand in for data we did not design: a farm-input market (seed, fertiliser, crop
// protection) over 18 months. Chains are 2 to 4 tiers deep by brand (some brands sell to
// stores directly), buyers per dealer follow preferential attachment, orders are bags times
// a unit price and come in planting seasons, paid up front, in instalments or on monthly
// settlement. Names are romanised, ids do not tell firms from people, and the noise is
// quarterly rent, payroll with bonuses, loans and their instalments, freight per shipment,
// grain bought back from farmers. Planted: rings whose amounts shrink hop by hop over
// weeks, pass-through shells with lags of hours to days, fan-ins and fan-outs of people.
// It is still ours: figures on it are a check, not independent evidence.
class AgriInputMarketSimulator {
 public:
  struct Options {
    std::uint64_t seed = 1;
    int brands = 6;
    double scale = 1.0;
    ExportStyle style = ExportStyle{ExportStyle::Memos::FreeText,          0.25, 0.5, false,
                                    ExportStyle::Industries::EnglishNames, 2};
  };
  struct Summary {
    std::size_t transactions = 0, parties = 0, supplyRelations = 0, rings = 0, shells = 0;
  };

  explicit AgriInputMarketSimulator(Options options) : options_(options) {}
  // Writes the CSVs of spec/formats.md and truth.json; throws when DIR cannot be written.
  Summary write(const std::filesystem::path& dir) const;

 private:
  Options options_;
};

}  // namespace aviary::supplychain
