#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// A rule set or model as proposed by one admin and, once approved by another, live.
struct Release {
  std::int64_t releaseId = 0;
  std::string kind;  // rules or model
  std::string version;
  std::string sha256;  // of the rule file or model
  std::string note;
  nlohmann::json checks = nlohmann::json::array();
  std::string proposedBy, proposedAt, approvedBy, approvedAt, retiredAt;

  bool live() const { return !approvedAt.empty() && retiredAt.empty(); }
  std::string state() const {
    if (!retiredAt.empty()) return "retired";
    return approvedAt.empty() ? "proposed" : "live";
  }
  nlohmann::json toJson() const {
    return {{"release_id", releaseId},
            {"kind", kind},
            {"version", version},
            {"sha256", sha256},
            {"note", note},
            {"checks", checks},
            {"state", state()},
            {"proposed_by", proposedBy},
            {"proposed_at", proposedAt},
            {"approved_by", approvedBy},
            {"approved_at", approvedAt},
            {"retired_at", retiredAt}};
  }
};

}  // namespace aviary
