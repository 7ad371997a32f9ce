#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "EvidenceSource.h"
#include "PluginHostContext.h"

namespace aviary {

// The host's view of a plugin-made source: every call is caught at the boundary, so a
// throwing plugin yields Evidence::failed (or an error code) instead of taking the kernel
// down. It owns the source's host context and shuts the source down when it goes.
class GuardedEvidenceSource {
 public:
  // Throws std::runtime_error with the plugin's reason when initialize fails.
  GuardedEvidenceSource(std::shared_ptr<EvidenceSource> source,
                        std::shared_ptr<PluginHostContext> host = nullptr);
  ~GuardedEvidenceSource();
  GuardedEvidenceSource(const GuardedEvidenceSource&) = delete;
  GuardedEvidenceSource& operator=(const GuardedEvidenceSource&) = delete;

  const std::string& id() const { return id_; }
  const std::string& version() const { return version_; }
  int abiVersion() const { return abiVersion_; }
  const SourceDescription& description() const { return description_; }
  const std::vector<CommandDescription>& commands() const { return commands_; }
  PluginHostContext* host() const { return host_.get(); }

  Evidence assess(const AssessmentRequest& request) const;
  std::vector<Evidence> assessBatch(const std::vector<AssessmentRequest>& requests) const;
  int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err) const;
  // "" when the source holds no interview or failed (the reason is in `error`).
  std::string interview(const AssessmentRequest& request, const std::vector<std::string>& answers,
                        std::string* error = nullptr) const;

 private:
  void stamp(Evidence& evidence, const AssessmentRequest& request) const;

  std::shared_ptr<EvidenceSource> source_;  // its deleter keeps the library loaded
  std::shared_ptr<PluginHostContext> host_;
  std::string id_;
  std::string version_;
  int abiVersion_ = 0;
  SourceDescription description_;
  std::vector<CommandDescription> commands_;
};

}  // namespace aviary
