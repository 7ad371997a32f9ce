#pragma once

#include <memory>
#include <mutex>

#include "EvidenceSource.h"

namespace aviary {

namespace satellite {
class CropClassifier;
}

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

 private:
  // The shipped model, read once and shared by every assessment (it only predicts).
  std::shared_ptr<const satellite::CropClassifier> shippedModel();

  std::mutex modelMutex_;
  std::shared_ptr<const satellite::CropClassifier> model_;
};

}  // namespace aviary
