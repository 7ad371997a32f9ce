#pragma once

// Synthetic cases for the benchmarks: the demo's real applicant rows with plausible evidence
// features per segment, so the kernel and the back-test run on a realistic mix.
#include <random>
#include <string>
#include <vector>

#include "CaseFile.h"
#include "CsvTable.h"
#include "Evidence.h"
#include "FeatureDescriptor.h"
#include "FeatureEncoder.h"

namespace aviary::testing {

struct SyntheticCase {
  CaseFile caseFile;
  std::vector<Evidence> evidence;
};

inline Evidence evidenceFor(const std::string& segment, std::mt19937& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  Evidence evidence;
  evidence.sourceVersion = "bench";
  if (segment == "farmer") {
    evidence.sourceId = "satellite";
    evidence.features = {{"total_area_mu", 5 + 100 * unit(random)},
                         {"expected_value_cny", 20000 + 200000 * unit(random)},
                         {"crop_confidence", 0.7 + 0.3 * unit(random)},
                         {"declared_match_ratio", unit(random) < 0.1 ? 0.2 : 1.0},
                         {"hazard_count", unit(random) < 0.1 ? 1 : 0},
                         {"condition_score", unit(random)}};
  } else if (segment == "dealer") {
    evidence.sourceId = "supplychain";
    evidence.features = {{"monthly_purchase_cny", 20000 + 500000 * unit(random)},
                         {"purchase_stability", unit(random)},
                         {"months_active", 3 + 36 * unit(random)},
                         {"supplier_concentration", unit(random)},
                         {"downstream_count", 50 * unit(random)},
                         {"network_standing", unit(random)},
                         {"circular_trade", unit(random) < 0.03 ? 1 : 0},
                         {"shell_suspect", 0}};
  } else {
    evidence.sourceId = "credentials";
    evidence.features = {{"business_age_months", 60 * unit(random)},
                         {"licence_in_force", unit(random) < 0.05 ? 0 : 1},
                         {"monthly_fixed_costs_cny", 3000 + 20000 * unit(random)},
                         {"documented_monthly_revenue_cny", 10000 + 80000 * unit(random)},
                         {"failed_checks", unit(random) < 0.1 ? 1 : 0},
                         {"unreadable_documents", 0}};
  }
  return evidence;
}

// The features evidenceFor emits, declared as a plugin would.
inline std::map<std::string, FeatureDescriptor> syntheticCatalog() {
  std::map<std::string, FeatureDescriptor> catalog;
  std::mt19937 random(42);
  for (const char* segment : {"farmer", "dealer", "shop"}) {
    const Evidence evidence = evidenceFor(segment, random);
    for (const auto& [name, value] : evidence.features)
      catalog[evidence.sourceId + "." + name] = {name, FeatureDescriptor::Type::Number,
                                                 name.ends_with("_cny") ? "cny" : "", name};
  }
  return catalog;
}

// `count` cases cycling through the applicant rows and the three segments.
inline std::vector<SyntheticCase> syntheticCases(const CsvTable& applicants, std::size_t count,
                                                 std::mt19937& random) {
  std::vector<SyntheticCase> cases;
  const char* segments[] = {"farmer", "dealer", "shop"};
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t row = i % applicants.rowCount();
    SyntheticCase prepared;
    CaseFile& file = prepared.caseFile;
    file.idempotencyKey = "bench-" + std::to_string(i);
    file.merchantId = "M" + std::to_string(i);
    file.merchantName = "Merchant " + std::to_string(i);
    file.segment = segments[i % 3];
    file.requestedAmountCny = 10000 + 5000 * static_cast<double>(i % 40);
    file.asOf = "2026-11-01";
    for (std::size_t c = 0; c < applicants.header().size(); ++c) {
      const std::string& cell = applicants.row(row)[c];
      if (credit::FeatureEncoder::isMissing(cell))
        file.applicant[applicants.header()[c]] = std::monostate{};
      else if (auto number = credit::FeatureEncoder::parseNumber(cell))
        file.applicant[applicants.header()[c]] = *number;
      else
        file.applicant[applicants.header()[c]] = cell;
    }
    prepared.evidence.push_back(evidenceFor(file.segment, random));
    cases.push_back(std::move(prepared));
  }
  return cases;
}

}  // namespace aviary::testing
