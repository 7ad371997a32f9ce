#pragma once

#include "EvidenceSource.h"

namespace aviary {

class SatelliteEvidenceSource : public EvidenceSource {
 public:
  std::string id() const override { return "satellite"; }
  std::string version() const override;
  void initialize(PluginHost& host) override;
  std::vector<CommandDescription> commands() const override;
  int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err) override;
  SourceDescription describe() const override;
  Evidence assess(const AssessmentRequest& request) override;
};

}  // namespace aviary
