#pragma once

#include "EvidenceSource.h"

namespace aviary {

class CredentialEvidenceSource : public EvidenceSource {
 public:
  std::string id() const override { return "credentials"; }
  std::string version() const override;
  SourceDescription describe() const override;
  Evidence assess(const AssessmentRequest& request) override;
};

}  // namespace aviary
