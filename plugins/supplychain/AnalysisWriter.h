#pragma once

#include <filesystem>
#include <string>

#include "SupplyChainAnalysis.h"

namespace aviary::supplychain {

// Writes entities.jsonl, relations.jsonl and rings.jsonl as spec/formats.md defines them
// (extra keys are additions the contract allows).
class AnalysisWriter {
 public:
  // Throws std::runtime_error when a file cannot be written.
  static void write(const SupplyChainAnalysis& analysis, const std::filesystem::path& outDir);
  static std::string entityJson(const SupplyChainAnalysis& analysis, std::uint32_t party);
};

}  // namespace aviary::supplychain
