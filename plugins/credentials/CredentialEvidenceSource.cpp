#include "CredentialEvidenceSource.h"

namespace aviary {

std::string CredentialEvidenceSource::version() const {
  return AVIARY_PLUGIN_VERSION;
}

SourceDescription CredentialEvidenceSource::describe() const {
  using Type = FeatureDescriptor::Type;
  SourceDescription d;
  d.summary = "Reads business documents from photos: kind, fields, checks and what they prove";
  d.segments = {"shop", "farmer", "dealer"};
  d.inputs = {
      {"images", "path[]", true, "photos or scans of the merchant's documents"},
  };
  d.features = {
      {"business_age_months", Type::Number, "months",
       "months since the licence's establishment date"},
      {"licence_in_force", Type::Boolean, "", "the business licence is valid today"},
      {"monthly_fixed_costs_cny", Type::Number, "cny", "rent, utilities and payroll per month"},
      {"documented_monthly_revenue_cny", Type::Number, "cny", "revenue shown by invoices and POS"},
      {"failed_checks", Type::Number, "checks", "checks that failed across all documents"},
      {"unreadable_documents", Type::Number, "documents", "documents that need a re-shoot"},
  };
  return d;
}

Evidence CredentialEvidenceSource::assess(const AssessmentRequest& request) {
  return Evidence::unavailable(id(), request.merchantId,
                               "the credential reader is not in this build yet");
}

}  // namespace aviary
