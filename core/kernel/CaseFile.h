#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

namespace aviary {

// One application as submitted: who the merchant is, what it asks for, its own data for
// the credit model, and the inputs of each evidence source. See README "Case files".
struct CaseFile {
  using ApplicantValue = std::variant<std::monostate, double, std::string>;

  std::string idempotencyKey;
  std::string merchantId;
  std::string merchantName;
  std::string segment;  // farmer, dealer, shop
  std::string uscc;
  std::string ownerName;
  std::string ownerIdNumber;
  std::string industry;
  std::string address;
  double requestedAmountCny = 0;
  int termMonths = 12;
  std::string purpose;
  std::string asOf;  // YYYY-MM-DD
  std::map<std::string, ApplicantValue> applicant;
  std::map<std::string, nlohmann::json> evidenceInputs;  // source id -> its inputs object
  std::filesystem::path baseDirectory;                   // relative input paths resolve against it

  // Validates as it parses; throws CaseFileError naming the field and what to do.
  static CaseFile fromJson(const nlohmann::json& json, std::filesystem::path baseDirectory = {});
  static CaseFile read(const std::filesystem::path& path);
  // YYYY-MM-DD naming a day that exists, between 1900 and 2200.
  static bool isRealDate(const std::string& text);
  nlohmann::json toJson() const;

  static constexpr double kMaximumAmountCny = 50'000'000;
};

}  // namespace aviary
