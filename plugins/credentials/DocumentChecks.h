#pragma once

#include <string>
#include <vector>

#include "CheckResult.h"
#include "DocumentReading.h"

namespace aviary {

// The checks every reading runs on its own fields (spec/credentials.md): USCC and ID-number
// checksums, real dates in order, a licence in force as of a day, amounts in words against
// figures, and invoice arithmetic.
class DocumentChecks {
 public:
  // `asOf` is YYYY-MM-DD; empty means today.
  static std::vector<CheckResult> run(const DocumentReading& reading, const std::string& asOf);

  static CheckResult usccChecksum(const std::string& checkName, const std::string& code);
  static CheckResult organisationCode(const std::string& checkName, const std::string& code);
  static CheckResult idNumber(const std::string& number, const std::string& printedBirthDate);
  static CheckResult amountInWords(const std::string& checkName, const std::string& words,
                                   const std::string& figures);
  static CheckResult invoiceArithmetic(const std::string& amountExclTax, const std::string& tax,
                                       const std::string& total);
  // Tax against amount x rate, allowing the drift of rounding each line of the sales list.
  static CheckResult taxAtRate(const std::string& amountExclTax, const std::string& tax,
                               const std::string& ratePercent);
  static CheckResult inForce(const std::string& checkName, const std::string& validUntil,
                             const std::string& asOf);
  static CheckResult dateOrder(const std::string& checkName, const std::string& earlier,
                               const std::string& later);

  static std::string today();
};

}  // namespace aviary
