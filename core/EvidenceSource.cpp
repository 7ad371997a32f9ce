#include "EvidenceSource.h"

#include <ostream>

namespace aviary {

EvidenceSource::~EvidenceSource() = default;

std::vector<Evidence> EvidenceSource::assessBatch(const std::vector<AssessmentRequest>& requests) {
  std::vector<Evidence> results;
  results.reserve(requests.size());
  for (const auto& request : requests) results.push_back(assess(request));
  return results;
}

void EvidenceSource::initialize(PluginHost&) {}

void EvidenceSource::shutdown() {}

std::vector<CommandDescription> EvidenceSource::commands() const {
  return {};
}

int EvidenceSource::runCommand(const std::string& name, const std::vector<std::string>&,
                               std::ostream&, std::ostream& err) {
  err << "evidence source " << id() << " has no command '" << name << "'\n";
  return 2;
}

std::string EvidenceSource::interview(const AssessmentRequest&, const std::vector<std::string>&) {
  return {};
}

}  // namespace aviary
