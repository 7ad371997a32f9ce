#pragma once

#include <string>

#include <nlohmann/json.hpp>

// A shop's case file, shared by the kernel, case-store and workbench tests.
namespace aviary::testing {

inline nlohmann::json shopCaseJson(const std::string& key = "shop-1") {
  return {{"idempotency_key", key},
          {"merchant",
           {{"merchant_id", "M-" + key},
            {"name", "Lao Wang Noodles"},
            {"segment", "shop"},
            {"uscc", "91350100M000100Y43"},
            {"owner_name", "Wang Wei"},
            {"owner_id_number", "11010519491231002X"},
            {"industry", "restaurant"}}},
          {"application",
           {{"requested_amount_cny", 120000}, {"term_months", 12}, {"purpose", "kitchen"}}},
          {"as_of", "2026-11-01"},
          {"applicant",
           {{"Seniority", 9},
            {"Home", "owner"},
            {"Time", 36},
            {"Age", 41},
            {"Marital", "married"},
            {"Records", "no"},
            {"Job", "fixed"},
            {"Expenses", 60},
            {"Income", 180},
            {"Assets", 6000},
            {"Debt", 0},
            {"Amount", 900},
            {"Price", 1300}}}};
}

}  // namespace aviary::testing
