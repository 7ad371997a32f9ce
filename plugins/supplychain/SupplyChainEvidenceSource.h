#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "EvidenceSource.h"

namespace aviary {

namespace supplychain {
struct SupplyChainAnalysis;
}

// A dealer's own trade, standing and risk, read from the payment network it sits in.
// The analysed network is cached per input files (path and modification time), so a batch
// of dealers over one transactions file is analysed once.
class SupplyChainEvidenceSource : public EvidenceSource {
 public:
  SupplyChainEvidenceSource();
  ~SupplyChainEvidenceSource() override;

  std::string id() const override { return "supplychain"; }
  std::string version() const override;
  SourceDescription describe() const override;
  Evidence assess(const AssessmentRequest& request) override;
  std::vector<Evidence> assessBatch(const std::vector<AssessmentRequest>& requests) override;
  std::vector<CommandDescription> commands() const override;
  int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err) override;

  // How many times a network was read and analysed (for tests of the cache).
  std::size_t analysesRun() const;

 private:
  struct CachedNetwork;
  std::shared_ptr<const CachedNetwork> network(const std::string& key,
                                               const std::vector<std::string>& paths,
                                               std::int32_t asOfDay);
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<const CachedNetwork>> cache_;  // most recent last
  std::size_t analysesRun_ = 0;
};

}  // namespace aviary
