#include "CrossDocumentChecks.h"

#include "DocumentDates.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

// The fields naming the merchant itself on each kind it issues or receives.
const char* merchantNameField(const std::string& kind) {
  if (kind == "business_license" || kind == "tobacco_retail_license" ||
      kind == "drug_trading_license")
    return "name";
  if (kind == "food_business_license" || kind == "road_transport_permit") return "operator_name";
  if (kind == "health_permit" || kind == "social_insurance") return "unit_name";
  if (kind == "electricity_bill" || kind == "water_bill" || kind == "gas_bill" ||
      kind == "bank_statement")
    return "account_name";
  if (kind == "payroll") return "employer";
  if (kind == "vat_invoice_ordinary" || kind == "vat_invoice_special") return "seller_name";
  if (kind == "pos_settlement") return "merchant_name";
  if (kind == "tax_certificate") return "taxpayer_name";
  return nullptr;
}

const char* merchantUsccField(const std::string& kind) {
  if (kind == "business_license" || kind == "food_business_license" || kind == "social_insurance")
    return "uscc";
  if (kind == "vat_invoice_ordinary" || kind == "vat_invoice_special") return "seller_tax_id";
  if (kind == "tax_certificate") return "tax_id";
  return nullptr;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace

std::vector<CheckResult> CrossDocumentChecks::run(const std::vector<DocumentReading>& readings) {
  std::vector<CheckResult> checks;
  const DocumentReading* anchor = nullptr;
  for (const auto& reading : readings)
    if (reading.error.empty() && reading.kind == "business_license") anchor = &reading;
  if (anchor == nullptr)
    for (const auto& reading : readings)
      if (reading.error.empty() && reading.kind == "food_business_license") anchor = &reading;
  if (anchor == nullptr) return checks;

  const bool isLicence = anchor->kind == "business_license";
  const std::string name = anchor->fieldValue(isLicence ? "name" : "operator_name");
  const std::string uscc = anchor->fieldValue("uscc");
  const std::string address = anchor->fieldValue("address");
  const std::string representative = anchor->fieldValue("legal_representative");
  std::vector<std::string> nameMismatches, usccMismatches, addressMismatches, earlyDates;
  const DocumentReading* lease = nullptr;
  for (const auto& reading : readings) {
    if (!reading.error.empty() || &reading == anchor) continue;
    if (reading.kind == "store_lease") lease = &reading;
    if (const char* field = merchantNameField(reading.kind)) {
      const std::string other = reading.fieldValue(field);
      if (!other.empty() && !name.empty() && !TextSimilarity::sameOrganisation(name, other) &&
          TextSimilarity::compact(other) != TextSimilarity::compact(representative))
        nameMismatches.push_back(reading.file + " names '" + other + "'");
    }
    if (const char* field = merchantUsccField(reading.kind)) {
      const std::string other = reading.fieldValue(field);
      if (!other.empty() && !uscc.empty() && other != uscc)
        usccMismatches.push_back(reading.file + " has " + other);
    }
    if (reading.kind == "food_business_license" || reading.kind == "health_permit") {
      const std::string other = reading.fieldValue("address");
      if (!other.empty() && !address.empty() && !TextSimilarity::sameAddress(address, other))
        addressMismatches.push_back(reading.file + " gives '" + other + "'");
    }
    if (isLicence) {
      const auto established = DocumentDates::parse(anchor->fieldValue("established_date"));
      for (const char* field : {"start_date", "signed_date", "date"}) {
        const auto when = DocumentDates::parse(reading.fieldValue(field));
        if (established && when && *when < *established)
          earlyDates.push_back(reading.file + " " + field + " " + when->iso());
      }
    }
  }
  checks.push_back(
      {"name_consistent", nameMismatches.empty(),
       nameMismatches.empty() ? "" : "merchant is '" + name + "' but " + joined(nameMismatches)});
  checks.push_back({"uscc_consistent", usccMismatches.empty(),
                    usccMismatches.empty()
                        ? ""
                        : "merchant USCC is " + uscc + " but " + joined(usccMismatches)});
  checks.push_back({"address_consistent", addressMismatches.empty(),
                    addressMismatches.empty()
                        ? ""
                        : "licence address is '" + address + "' but " + joined(addressMismatches)});
  if (isLicence)
    checks.push_back(
        {"established_before_other_dates", earlyDates.empty(),
         earlyDates.empty() ? "" : "dated before establishment: " + joined(earlyDates)});
  if (lease != nullptr) {
    const std::string lessee = lease->fieldValue("lessee");
    const bool merchant = TextSimilarity::sameOrganisation(name, lessee) ||
                          (!representative.empty() && TextSimilarity::compact(lessee) ==
                                                          TextSimilarity::compact(representative));
    checks.push_back({"lessee_is_merchant", merchant,
                      merchant ? ""
                               : "the lease is signed by '" + lessee + "', not '" + name +
                                     "' or its legal representative"});
    std::vector<std::string> billMismatches;
    const std::string leased = lease->fieldValue("address");
    for (const auto& reading : readings) {
      if (!reading.error.empty()) continue;
      if (reading.kind != "electricity_bill" && reading.kind != "water_bill" &&
          reading.kind != "gas_bill")
        continue;
      const std::string billed = reading.fieldValue("address");
      if (!billed.empty() && !leased.empty() && !TextSimilarity::sameAddress(leased, billed))
        billMismatches.push_back(reading.file + " bills '" + billed + "'");
    }
    checks.push_back({"bill_address_matches_lease", billMismatches.empty(),
                      billMismatches.empty()
                          ? ""
                          : "leased premises '" + leased + "' but " + joined(billMismatches)});
  }
  return checks;
}

}  // namespace aviary
