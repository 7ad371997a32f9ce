#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "PluginRecord.h"

namespace aviary {

// The evidence sources a process has loaded, and the plugins it refused with their reasons.
class PluginRegistry {
 public:
  void add(PluginRecord record);

  const std::vector<PluginRecord>& records() const { return records_; }
  std::vector<std::shared_ptr<GuardedEvidenceSource>> sources() const;
  std::vector<PluginRecord> failures() const;

  // nullptr when no loaded source has this id.
  std::shared_ptr<GuardedEvidenceSource> find(const std::string& id) const;
  // The merchant segments the loaded sources serve (farmer, dealer, shop, ...).
  std::set<std::string> segments() const;
  // Gives every loaded source the database this process uses.
  void attachDatabase(const std::string& connectionString) const;

 private:
  std::vector<PluginRecord> records_;
};

}  // namespace aviary
