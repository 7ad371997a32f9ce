#pragma once

#include <random>
#include <string>

#include "SyntheticDocument.h"
#include "SyntheticMerchant.h"

namespace aviary {

// Draws plausible content for each kind of credential: names, codes, dates and amounts that
// pass their checksums and agree across one merchant's documents.
class DocumentContentGenerator {
 public:
  explicit DocumentContentGenerator(std::mt19937& random) : random_(random) {}

  // Documents current as of this day (YYYY-MM-DD): issued on or before it, leases running
  // past it. Empty: dates as drawn (a lease may have ended, an invoice may lie ahead).
  void setAsOf(std::string asOf) { asOf_ = std::move(asOf); }

  SyntheticMerchant merchant();
  // Plants a problem (CredentialSimulator::plantableProblems) in a document it concerns:
  // "expired_licence" in a business licence, "expired_lease" in a store lease,
  // "mismatched_invoice" in an invoice. Needs setAsOf for the dates. Other documents and
  // problems are left as they are.
  void plant(const std::string& problem, const SyntheticMerchant& merchant, SyntheticDocument& doc);
  SyntheticDocument document(const std::string& kind, const SyntheticMerchant& merchant,
                             int layout);

 private:
  int uniform(int low, int high);
  double uniformReal(double low, double high);
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(uniform(0, static_cast<int>(items.size()) - 1))];
  }
  std::string personName();
  std::string companyName(const std::string& city);
  std::string address(const std::string& city);
  std::string digits(int count);
  std::string uscc(const std::string& regionCode);
  std::string idNumber(const std::string& birthIso);
  std::string isoDate(int yearLow, int yearHigh);
  std::string printedDate(const std::string& iso, int layout) const;
  std::string printedMonth(const std::string& isoMonth, int layout) const;
  // `iso` moved to be current as of asOf_ (see setAsOf) for this field.
  std::string currentAsOf(const std::string& field, const std::string& iso) const;
  // One field's value per type of field; each records its truth and printed text in `doc`.
  std::string dateValue(const std::string& field, const SyntheticMerchant& merchant,
                        SyntheticDocument& doc);
  std::string amountValue(const std::string& kind, const std::string& field,
                          SyntheticDocument& doc);
  std::string numberValue(const std::string& field, SyntheticDocument& doc);
  std::string codeValue(const std::string& kind, const std::string& field,
                        const SyntheticMerchant& merchant, SyntheticDocument& doc);
  std::string nameValue(const std::string& kind, const std::string& field,
                        const SyntheticMerchant& merchant, SyntheticDocument& doc);
  std::string textValue(const std::string& field, const SyntheticMerchant& merchant,
                        SyntheticDocument& doc);
  static std::string setValue(SyntheticDocument& doc, const std::string& field,
                              const std::string& truth, const std::string& printed);
  static std::string printedAmount(std::int64_t fen, int layout);
  std::string value(const std::string& kind, const std::string& field, int type,
                    const SyntheticMerchant& merchant, SyntheticDocument& document);

  std::mt19937& random_;
  std::string asOf_;
};

}  // namespace aviary
