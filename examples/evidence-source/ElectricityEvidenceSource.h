#pragma once

#include "EvidenceSource.h"

namespace electricity {

// Evidence from a shop's electricity bills: a shop that trades uses power every month, and
// one that pays its utility on time tends to pay its loans on time. Reads the utility's
// monthly CSV (month,kwh,amount_cny,paid_on) named under inputs.electricity.bills.
class ElectricityEvidenceSource : public aviary::EvidenceSource {
 public:
  std::string id() const override { return "electricity"; }
  std::string version() const override;
  aviary::SourceDescription describe() const override;
  void initialize(aviary::PluginHost& host) override;
  aviary::Evidence assess(const aviary::AssessmentRequest& request) override;

  std::vector<aviary::CommandDescription> commands() const override;
  int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                 std::ostream& out, std::ostream& err) override;

 private:
  int graceDays_ = 20;  // days after the month a bill may be paid; "late_after_days" in config
  aviary::PluginHost* host_ = nullptr;
};

}  // namespace electricity
