#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

// What the analysis knows about each party before it looks at trade: firm or person (from
// the registry, else from a name that can only be one or the other, else unknown), whether its
// industry is one that never sells stock (utilities, finance, property, government), who controls
// it, and the totals of its money in and out.
struct PartyProfile {
  enum class Kind : std::uint8_t { Firm, Person, Unknown };

  std::vector<Kind> kind;
  std::vector<std::uint8_t> overheadIndustry;  // 1: utilities, finance, property, government
  std::vector<double> inYuan, outYuan;
  std::vector<std::vector<std::uint32_t>> controllers, controlled;  // sorted
  bool registry = false;    // firms.csv named at least one party in the payments
  bool industries = false;  // some party has an industry
  bool memos = false;       // some payment has a memo
  bool clockTimes = false;  // some payment has a time of day
  std::int32_t firstDay = 0, lastDay = 0;

  static PartyProfile build(const PaymentNetwork& net);

  // Shareholding (>= 30%) or legal person links, either way, or a common controller.
  bool related(std::uint32_t a, std::uint32_t b) const;
  // A name that only a business has (company forms and shop words in Chinese and English).
  static bool firmLikeName(std::string_view name);
  // A name that looks like a person's and nothing else: two to four Chinese characters, or
  // two or three capitalised words of letters only (and not firmLikeName).
  static bool personLikeName(std::string_view name);
  // Industry text (a GB/T 4754 code or a name) of utilities, finance, property, government.
  static bool overheadIndustryText(std::string_view industry);
};

}  // namespace aviary::supplychain
