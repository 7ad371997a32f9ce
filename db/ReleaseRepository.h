#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "Release.h"

namespace pqxx {
class transaction_base;
}

namespace aviary {

// Maker-checker for rule sets and models. One admin proposes a version with a note and the
// static checks' findings; a different admin approves it, which makes it live and retires
// the one before. The database records who did each step and refuses a self-approval; every
// step is in the audit log. Identity is the database login (session_user).
class ReleaseRepository {
 public:
  explicit ReleaseRepository(std::string connectionString);

  // Throws std::invalid_argument when the version exists with other content.
  Release proposeRules(const std::string& name, const std::string& version,
                       const std::string& sha256, const std::string& content,
                       const std::string& note, const nlohmann::json& checks);
  Release proposeModel(const std::string& version, const std::string& sha256,
                       const std::string& content, const std::string& note,
                       const nlohmann::json& checks);

  // Throws std::invalid_argument naming what to do when there is no such version, it is
  // already live or retired, or the caller proposed it.
  Release approve(const std::string& kind, const std::string& version);

  std::vector<Release> list(const std::string& kind) const;
  std::optional<Release> find(const std::string& kind, const std::string& version) const;
  std::optional<Release> live(const std::string& kind) const;
  // The rule file or model file of a release.
  std::string content(std::int64_t releaseId) const;
  // The database login this repository acts as.
  std::string actor() const;

 private:
  static Release propose(pqxx::transaction_base& tx, const std::string& kind,
                         const std::string& version, const std::string& column,
                         std::int64_t contentId, const std::string& note,
                         const nlohmann::json& checks);

  std::string connectionString_;
};

}  // namespace aviary
