#pragma once

#include <filesystem>

#include "ExportStyle.h"
#include "SimulatedTrade.h"

namespace aviary::supplychain {

// Writes simulated trade as the four CSVs of spec/formats.md in a bank's ExportStyle, plus
// truth.json: supplies, roles, tiers and brands from the true supply graph, rings, shells,
// fan-ins and fan-outs. Party ids must already be set.
class SimulatedTradeWriter {
 public:
  // Throws std::runtime_error when a file cannot be written.
  static void write(const SimulatedTrade& trade, const ExportStyle& style,
                    const std::filesystem::path& dir);
};

}  // namespace aviary::supplychain
