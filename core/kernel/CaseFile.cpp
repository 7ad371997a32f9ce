#include "CaseFile.h"

#include <cmath>
#include <fstream>
#include <regex>

#include "CalendarDate.h"
#include "CaseFileError.h"
#include "JsonErrorText.h"

namespace aviary {
namespace {

std::string requireString(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.contains(key) || !object.at(key).is_string() ||
      object.at(key).get<std::string>().empty())
    throw CaseFileError(where + "." + key + " is missing: give it as a non-empty string");
  return object.at(key).get<std::string>();
}

std::string optionalString(const nlohmann::json& object, const char* key) {
  if (!object.contains(key) || object.at(key).is_null()) return {};
  if (!object.at(key).is_string()) throw CaseFileError(std::string(key) + " must be a string");
  return object.at(key).get<std::string>();
}

}  // namespace

bool CaseFile::isRealDate(const std::string& text) {
  const auto date = CalendarDate::fromIso(text);
  return date && date->year() >= 1900 && date->year() <= 2200;
}

CaseFile CaseFile::fromJson(const nlohmann::json& json, std::filesystem::path baseDirectory) {
  if (!json.is_object())
    throw CaseFileError("a case file is one JSON object; see README 'Case files'");
  CaseFile file;
  file.baseDirectory = std::move(baseDirectory);
  if (file.baseDirectory.empty() && json.contains("base_directory") &&
      json.at("base_directory").is_string())
    file.baseDirectory = json.at("base_directory").get<std::string>();
  file.idempotencyKey = requireString(json, "idempotency_key", "case");

  if (!json.contains("merchant") || !json.at("merchant").is_object())
    throw CaseFileError("case.merchant is missing: give the merchant's id, name and segment");
  const auto& merchant = json.at("merchant");
  file.merchantId = requireString(merchant, "merchant_id", "merchant");
  file.merchantName = requireString(merchant, "name", "merchant");
  file.segment = requireString(merchant, "segment", "merchant");
  // Which segments exist is for the evidence sources to say (EvidenceCollector::sourcesFor);
  // here only the form: a plain lower-case word.
  static const std::regex segmentName("[a-z][a-z0-9_]{0,39}");
  if (!std::regex_match(file.segment, segmentName))
    throw CaseFileError("merchant.segment '" + file.segment +
                        "' is unknown: use a lower-case segment an evidence source serves, such "
                        "as farmer, dealer or shop (see 'aviary plugins list')");
  file.uscc = optionalString(merchant, "uscc");
  file.ownerName = optionalString(merchant, "owner_name");
  file.ownerIdNumber = optionalString(merchant, "owner_id_number");
  file.industry = optionalString(merchant, "industry");
  file.address = optionalString(merchant, "address");

  if (!json.contains("application") || !json.at("application").is_object())
    throw CaseFileError("case.application is missing: give requested_amount_cny and term_months");
  const auto& application = json.at("application");
  if (!application.contains("requested_amount_cny") ||
      !application.at("requested_amount_cny").is_number())
    throw CaseFileError("application.requested_amount_cny must be a number of yuan");
  file.requestedAmountCny = application.at("requested_amount_cny").get<double>();
  if (!std::isfinite(file.requestedAmountCny) || file.requestedAmountCny <= 0 ||
      file.requestedAmountCny > kMaximumAmountCny)
    throw CaseFileError(
        "application.requested_amount_cny must be above 0 and at most 50,000,000 yuan");
  if (application.contains("term_months")) {
    if (!application.at("term_months").is_number_integer())
      throw CaseFileError("application.term_months must be a whole number of months");
    file.termMonths = application.at("term_months").get<int>();
    if (file.termMonths < 1 || file.termMonths > 120)
      throw CaseFileError("application.term_months must be between 1 and 120");
  }
  file.purpose = optionalString(application, "purpose");

  file.asOf = optionalString(json, "as_of");
  if (file.asOf.empty())
    throw CaseFileError("case.as_of is missing: give the decision date as YYYY-MM-DD");
  if (!isRealDate(file.asOf))
    throw CaseFileError("case.as_of '" + file.asOf + "' is not a real date (YYYY-MM-DD)");

  if (json.contains("applicant")) {
    if (!json.at("applicant").is_object())
      throw CaseFileError("case.applicant must be an object of column: value");
    for (const auto& [column, value] : json.at("applicant").items()) {
      if (value.is_null()) {
        file.applicant[column] = std::monostate{};
      } else if (value.is_number()) {
        const double number = value.get<double>();
        if (!std::isfinite(number))
          throw CaseFileError("applicant." + column + " is not a finite number");
        file.applicant[column] = number;
      } else if (value.is_string()) {
        file.applicant[column] = value.get<std::string>();
      } else {
        throw CaseFileError("applicant." + column + " must be a number, a string or null");
      }
    }
    for (const char* money : {"Income", "Assets", "Debt", "Expenses"})
      if (auto found = file.applicant.find(money); found != file.applicant.end())
        if (const double* number = std::get_if<double>(&found->second); number && *number < 0)
          throw CaseFileError(std::string("applicant.") + money +
                              " is negative: amounts cannot be below 0");
  }

  if (json.contains("inputs")) {
    if (!json.at("inputs").is_object())
      throw CaseFileError("case.inputs must be an object keyed by evidence source id");
    for (const auto& [source, inputs] : json.at("inputs").items()) {
      if (!inputs.is_object())
        throw CaseFileError("inputs." + source + " must be an object of that source's inputs");
      file.evidenceInputs[source] = inputs;
    }
  }
  return file;
}

CaseFile CaseFile::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw CaseFileError("cannot read case file " + path.string() + ": check the path");
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw CaseFileError(
        "case file " + path.string() + " is not valid JSON (" + JsonErrorText::of(error) +
        "): fix its syntax; JSON has no NaN or Infinity, leave a value out instead");
  }
  return fromJson(json, std::filesystem::absolute(path).parent_path());
}

nlohmann::json CaseFile::toJson() const {
  nlohmann::json applicantJson = nlohmann::json::object();
  for (const auto& [column, value] : applicant) {
    if (const double* number = std::get_if<double>(&value))
      applicantJson[column] = *number;
    else if (const std::string* text = std::get_if<std::string>(&value))
      applicantJson[column] = *text;
    else
      applicantJson[column] = nullptr;
  }
  nlohmann::json inputs = nlohmann::json::object();
  for (const auto& [source, value] : evidenceInputs) inputs[source] = value;
  return {{"idempotency_key", idempotencyKey},
          {"merchant",
           {{"merchant_id", merchantId},
            {"name", merchantName},
            {"segment", segment},
            {"uscc", uscc},
            {"owner_name", ownerName},
            {"owner_id_number", ownerIdNumber},
            {"industry", industry},
            {"address", address}}},
          {"application",
           {{"requested_amount_cny", requestedAmountCny},
            {"term_months", termMonths},
            {"purpose", purpose}}},
          {"as_of", asOf},
          {"applicant", applicantJson},
          {"inputs", inputs},
          {"base_directory", baseDirectory.string()}};
}

}  // namespace aviary
