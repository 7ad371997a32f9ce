#pragma once

#include "DocumentLedger.h"
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
  // `aviary credential interview`, one question per call, for the channel API.
  std::string interview(const AssessmentRequest& request,
                        const std::vector<std::string>& answers) override;

 private:
  // Near copies of other merchants' photos, from the source's own table in the database.
  void compareWithOtherMerchants(const AssessmentRequest& request,
                                 const std::vector<DocumentLedger::Document>& documents,
                                 Evidence& evidence) const;

  PluginHost* host_ = nullptr;
};

}  // namespace aviary
