#pragma once

#include <filesystem>
#include <map>
#include <string>

// Scores what `aviary supplychain analyze` wrote (entities.jsonl, relations.jsonl,
// rings.jsonl) against a truth file: a simulator's truth.json (supplies, roles, rings,
// shells) or AMLSim's accounts_truth.csv (planted accounts against flagged accounts).
class AnalysisScorer {
 public:
  struct Ratio {
    std::size_t hit = 0, predicted = 0, actual = 0;
    double precision() const { return predicted ? double(hit) / double(predicted) : 0.0; }
    double recall() const { return actual ? double(hit) / double(actual) : 0.0; }
    double f1() const {
      const double p = precision(), r = recall();
      return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
    Ratio& operator+=(const Ratio& o) {
      hit += o.hit, predicted += o.predicted, actual += o.actual;
      return *this;
    }
  };
  struct SimulatorScore {
    Ratio supplies, ringMembers, shells, fanMembers;
    // Typology flags (circular_trade, layering, fan_in, fan_out, shell_suspect) on parties
    // that no planted pattern includes, out of all parties.
    std::size_t unplantedFlagged = 0, parties = 0;
    std::size_t roleOk = 0, roles = 0, firmRoleOk = 0, firmRoles = 0;
    std::map<std::string, std::map<std::string, std::size_t>> roleConfusion;  // truth -> found
    SimulatorScore& operator+=(const SimulatorScore& o);
  };
  struct PlantedScore {
    std::map<std::string, Ratio> byFlag;  // flag type -> planted accounts vs flagged accounts
    Ratio anyFlag;
    std::size_t accounts = 0;
  };

  static SimulatorScore scoreSimulator(const std::filesystem::path& outDir,
                                       const std::filesystem::path& truthJson);
  static PlantedScore scorePlanted(const std::filesystem::path& outDir,
                                   const std::filesystem::path& accountsTruthCsv);
  static std::string describe(const SimulatorScore& s);
  static std::string describe(const PlantedScore& s);
};
