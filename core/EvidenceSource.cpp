#include "EvidenceSource.h"

namespace aviary {

EvidenceSource::~EvidenceSource() = default;

std::vector<Evidence> EvidenceSource::assessBatch(const std::vector<AssessmentRequest>& requests) {
  std::vector<Evidence> results;
  results.reserve(requests.size());
  for (const auto& request : requests) results.push_back(assess(request));
  return results;
}

}  // namespace aviary
