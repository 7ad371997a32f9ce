#include "PluginRegistry.h"

namespace aviary {

void PluginRegistry::add(PluginRecord record) {
  records_.push_back(std::move(record));
}

std::vector<std::shared_ptr<GuardedEvidenceSource>> PluginRegistry::sources() const {
  std::vector<std::shared_ptr<GuardedEvidenceSource>> result;
  for (const auto& record : records_)
    if (record.state == PluginState::Initialised) result.push_back(record.source);
  return result;
}

std::vector<PluginRecord> PluginRegistry::failures() const {
  std::vector<PluginRecord> result;
  for (const auto& record : records_)
    if (record.state == PluginState::Failed) result.push_back(record);
  return result;
}

std::shared_ptr<GuardedEvidenceSource> PluginRegistry::find(const std::string& id) const {
  for (const auto& record : records_)
    if (record.state == PluginState::Initialised && record.manifest.id == id) return record.source;
  return nullptr;
}

std::set<std::string> PluginRegistry::segments() const {
  std::set<std::string> served;
  for (const auto& source : sources())
    for (const auto& segment : source->description().segments) served.insert(segment);
  return served;
}

void PluginRegistry::attachDatabase(const std::string& connectionString) const {
  for (const auto& source : sources())
    if (source->host() != nullptr) source->host()->attachDatabase(connectionString);
}

const char* toString(PluginState state) {
  switch (state) {
    case PluginState::Read:
      return "read";
    case PluginState::Resolved:
      return "resolved";
    case PluginState::Loaded:
      return "loaded";
    case PluginState::Initialised:
      return "initialised";
    case PluginState::Disabled:
      return "disabled";
    case PluginState::Failed:
      return "failed";
  }
  return "failed";
}

}  // namespace aviary
