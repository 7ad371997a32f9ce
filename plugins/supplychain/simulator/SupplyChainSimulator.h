#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "ExportStyle.h"

namespace aviary::supplychain {

// Writes a synthetic trade network as the four CSVs of spec/formats.md plus truth.json
// (in the bank export style of Options::style, see SimulatedTradeWriter):
// brands with raw-material suppliers, distributors, wholesalers and stores with seasonal
// orders, consumers, everyday noise payments, planted circular-trade rings and
// pass-through shells. Scale 1.0 with 5 brands is a few thousand parties and ~300k payments.
class SupplyChainSimulator {
 public:
  struct Options {
    std::uint64_t seed = 1;
    int brands = 5;
    double scale = 1.0;
    ExportStyle style = ExportStyle::rich();
    // Family firms: some stores and wholesalers share a legal person with the firm that
    // supplies them, and trade with it all the same.
    bool familyFirms = false;
  };

  struct Summary {
    std::size_t parties = 0;
    std::size_t firms = 0;
    std::size_t transactions = 0;
    std::size_t supplyRelations = 0;
    std::size_t rings = 0;
    std::size_t shells = 0;
  };

  explicit SupplyChainSimulator(Options options) : options_(options) {}

  // Throws std::runtime_error when OUT_DIR cannot be written.
  Summary write(const std::filesystem::path& outDir) const;

 private:
  Options options_;
};

}  // namespace aviary::supplychain
