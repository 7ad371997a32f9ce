#pragma once

#include "EvidenceSource.h"

namespace aviary {

class SatelliteEvidenceSource : public EvidenceSource {
 public:
  std::string id() const override { return "satellite"; }
  std::string version() const override;
  SourceDescription describe() const override;
  Evidence assess(const AssessmentRequest& request) override;
};

}  // namespace aviary
