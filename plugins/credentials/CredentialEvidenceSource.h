#pragma once

#include "EvidenceSource.h"

namespace aviary {

class CredentialEvidenceSource : public EvidenceSource {
 public:
  std::string id() const override { return "credentials"; }
  std::string version() const override;
  SourceDescription describe() const override;
  // The PP-OCR models live in the plugin's own resource folder (models/ppocr).
  void initialize(PluginHost& host) override;
  Evidence assess(const AssessmentRequest& request) override;
  std::vector<CommandDescription> commands() const override;
  int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err) override;
};

}  // namespace aviary
