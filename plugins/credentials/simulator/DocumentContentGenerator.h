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

  SyntheticMerchant merchant();
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
  std::string value(const std::string& kind, const std::string& field, int type,
                    const SyntheticMerchant& merchant, SyntheticDocument& document);

  std::mt19937& random_;
};

}  // namespace aviary
