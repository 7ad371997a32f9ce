#pragma once

#include <memory>
#include <string>
#include <vector>

#include "EvidenceSource.h"

namespace aviary {

// The host's view of a plugin-made source: every call is caught at the boundary, so a
// throwing plugin yields Evidence::failed instead of taking the kernel down.
class GuardedEvidenceSource {
 public:
  explicit GuardedEvidenceSource(std::shared_ptr<EvidenceSource> source);

  const std::string& id() const { return id_; }
  const std::string& version() const { return version_; }
  int abiVersion() const { return abiVersion_; }
  const SourceDescription& description() const { return description_; }

  Evidence assess(const AssessmentRequest& request) const;
  std::vector<Evidence> assessBatch(const std::vector<AssessmentRequest>& requests) const;

 private:
  void stamp(Evidence& evidence, const AssessmentRequest& request) const;

  std::shared_ptr<EvidenceSource> source_;  // its deleter keeps the library loaded
  std::string id_;
  std::string version_;
  int abiVersion_ = 0;
  SourceDescription description_;
};

}  // namespace aviary
