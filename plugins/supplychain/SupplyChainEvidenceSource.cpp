#include "SupplyChainEvidenceSource.h"

namespace aviary {

std::string SupplyChainEvidenceSource::version() const { return AVIARY_PLUGIN_VERSION; }

SourceDescription SupplyChainEvidenceSource::describe() const {
  using Type = FeatureDescriptor::Type;
  SourceDescription d;
  d.summary = "A dealer's trade relationships and risk, rebuilt from payment flows";
  d.segments = {"dealer"};
  d.inputs = {
      {"transactions", "path", true, "transactions.csv of payments"},
      {"firms", "path", false, "firms.csv, the enterprise registry"},
      {"holdings", "path", false, "holdings.csv, who holds shares of whom"},
      {"certificates", "path", false, "certificates.csv, dealers brands vouch for"},
      {"firm_id", "string", true, "the dealer's id in the transactions"},
  };
  d.features = {
      {"monthly_purchase_cny", Type::Number, "cny", "mean monthly purchases from suppliers, last 12 months"},
      {"purchase_stability", Type::Number, "ratio", "1 - coefficient of variation of monthly purchases"},
      {"months_active", Type::Number, "months", "months with trade"},
      {"supplier_concentration", Type::Number, "ratio", "Herfindahl index of purchases by supplier"},
      {"downstream_count", Type::Number, "firms", "buyers reached downstream"},
      {"network_standing", Type::Number, "ratio", "trust propagated from certified dealers"},
      {"circular_trade", Type::Boolean, "", "member of a suspected circular-trade ring"},
      {"shell_suspect", Type::Boolean, "", "looks like a pass-through shell"},
  };
  return d;
}

Evidence SupplyChainEvidenceSource::assess(const AssessmentRequest& request) {
  return Evidence::unavailable(id(), request.merchantId,
                               "the supply-chain analysis is not in this build yet");
}

}  // namespace aviary
