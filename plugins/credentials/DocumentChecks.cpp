#include "DocumentChecks.h"

#include <cctype>
#include <chrono>
#include <cmath>

#include "ChineseAmount.h"
#include "DocumentCatalog.h"
#include "DocumentDates.h"
#include "IdNumberChecksum.h"
#include "UsccChecksum.h"

namespace aviary {

namespace {

std::optional<std::int64_t> fenOf(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (auto words = ChineseAmount::parseWords(value)) return words;
  return ChineseAmount::parseFigures(value);
}

// Before the USCC (2015) a taxpayer's number was its 6-digit region and 9-character
// organisation code: 15 characters, digits but for the organisation code's check.
bool isPre2015TaxNumber(const std::string& value) {
  if (value.size() != 15) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (!std::isdigit(c) && !(i >= 6 && std::isupper(c))) return false;
  }
  return true;
}

bool isIssueDate(const std::string& field) {
  return field == "established_date" || field == "date" || field == "signed_date" ||
         field == "register_date" || field == "birth_date";
}

}  // namespace

std::string DocumentChecks::today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day date{now};
  return DocumentDates::fromParts(static_cast<int>(date.year()),
                                  static_cast<int>(static_cast<unsigned>(date.month())),
                                  static_cast<int>(static_cast<unsigned>(date.day())))
      ->iso();
}

CheckResult DocumentChecks::usccChecksum(const std::string& checkName, const std::string& code) {
  if (!UsccChecksum::wellFormed(code))
    return {
        checkName, false,
        "'" + code + "' is not 18 characters of the USCC alphabet: check the photo or the code"};
  if (!UsccChecksum::valid(code))
    return {checkName, false,
            "'" + code + "' fails the GB 32100 check character (expected '" +
                std::string(1, UsccChecksum::checkCharacter(code)) +
                "'): a misprint, a misread or an early code; flag for review"};
  return {checkName, true, ""};
}

CheckResult DocumentChecks::organisationCode(const std::string& checkName,
                                             const std::string& code) {
  if (!UsccChecksum::wellFormed(code))
    return {checkName, false, "no well-formed USCC to check", true};
  if (!UsccChecksum::organisationCodeValid(code))
    return {checkName, false,
            "the organisation code '" + code.substr(8, 9) +
                "' inside the USCC fails its GB 11714 check: flag for review"};
  return {checkName, true, ""};
}

CheckResult DocumentChecks::idNumber(const std::string& number,
                                     const std::string& printedBirthDate) {
  if (number.size() != 18)
    return {"id_number_checksum", false, "'" + number + "' is not 18 characters"};
  if (!IdNumberChecksum::valid(number))
    return {"id_number_checksum", false,
            "'" + number + "' fails the GB 11643 check character (expected '" +
                std::string(1, IdNumberChecksum::checkCharacter(number)) + "')"};
  const std::string embedded = IdNumberChecksum::birthDate(number);
  if (embedded.empty())
    return {"id_number_checksum", false, "the birth date inside '" + number + "' is not real"};
  if (!printedBirthDate.empty() && printedBirthDate != embedded)
    return {"id_number_checksum", false,
            "the ID number says born " + embedded + " but the card prints " + printedBirthDate};
  return {"id_number_checksum", true, ""};
}

CheckResult DocumentChecks::amountInWords(const std::string& checkName, const std::string& words,
                                          const std::string& figures) {
  const auto fromWords = fenOf(words);
  const auto fromFigures = fenOf(figures);
  if (!fromWords || !fromFigures)
    return {checkName, false, "the amount in words or in figures could not be read", true};
  if (*fromWords != *fromFigures)
    return {checkName, false,
            "in words " + ChineseAmount::toFigures(*fromWords) + " but in figures " +
                ChineseAmount::toFigures(*fromFigures)};
  return {checkName, true, ""};
}

CheckResult DocumentChecks::invoiceArithmetic(const std::string& amountExclTax,
                                              const std::string& tax, const std::string& total) {
  const auto amount = fenOf(amountExclTax);
  const auto taxFen = fenOf(tax);
  const auto totalFen = fenOf(total);
  if (!amount || !taxFen || !totalFen)
    return {"invoice_arithmetic", false, "amount, tax or total could not be read", true};
  if (*amount + *taxFen != *totalFen)
    return {"invoice_arithmetic", false,
            ChineseAmount::toFigures(*amount) + " + " + ChineseAmount::toFigures(*taxFen) +
                " != total " + ChineseAmount::toFigures(*totalFen)};
  return {"invoice_arithmetic", true, ""};
}

CheckResult DocumentChecks::taxAtRate(const std::string& amountExclTax, const std::string& tax,
                                      const std::string& ratePercent) {
  const auto amount = fenOf(amountExclTax);
  const auto taxFen = fenOf(tax);
  double rate = 0.0;
  try {
    rate = std::stod(ratePercent) / 100.0;
  } catch (const std::exception&) {
    return {"tax_at_rate", false, "the tax rate could not be read", true};
  }
  if (!amount || !taxFen || rate <= 0.0 || rate > 0.2)
    return {"tax_at_rate", false, "amount, tax or rate could not be read", true};
  // Tax is rounded to the fen on every line of the sales list, so the printed total tax
  // drifts from amount x rate by up to a fen a line: allow 1% of the tax, at least 5 fen.
  const double expected = static_cast<double>(*amount) * rate;
  const double allowed = std::max(5.0, 0.01 * static_cast<double>(*taxFen));
  if (std::abs(expected - static_cast<double>(*taxFen)) > allowed)
    return {"tax_at_rate", false,
            "tax " + ChineseAmount::toFigures(*taxFen) + " is not " + ratePercent + "% of " +
                ChineseAmount::toFigures(*amount) + " (expected about " +
                ChineseAmount::toFigures(static_cast<std::int64_t>(std::llround(expected))) + ")"};
  return {"tax_at_rate", true, ""};
}

CheckResult DocumentChecks::inForce(const std::string& checkName, const std::string& validUntil,
                                    const std::string& asOf) {
  // A term read whole ("2015-01-27至2047-11-09") ends after 至; when the end was not read (a
  // seal over it), its start is no end of validity: the check cannot be made.
  const std::size_t until = validUntil.find("至");
  const std::string end = until == std::string::npos ? validUntil : validUntil.substr(until + 3);
  if (end == "long_term" || DocumentDates::isOpenEnded(end))
    return {checkName, true, "no end date (long term)"};
  const auto endDate = DocumentDates::parse(end);
  const auto day = DocumentDates::parse(asOf.empty() ? today() : asOf);
  if (!endDate) return {checkName, false, "the end of validity could not be read", true};
  if (day && *endDate < *day)
    return {checkName, false,
            "expired on " + endDate->iso() + ": ask the merchant for the renewed document"};
  return {checkName, true, ""};
}

CheckResult DocumentChecks::dateOrder(const std::string& checkName, const std::string& earlier,
                                      const std::string& later) {
  const auto first = DocumentDates::parse(earlier);
  const auto second = DocumentDates::parse(later);
  if (!first || !second) return {checkName, false, "a date could not be read", true};
  if (*second < *first) return {checkName, false, earlier + " is after " + later};
  return {checkName, true, ""};
}

std::vector<CheckResult> DocumentChecks::run(const DocumentReading& reading,
                                             const std::string& asOf) {
  std::vector<CheckResult> checks;
  const KindSpec* kind = DocumentCatalog::find(reading.kind);
  if (kind == nullptr) return checks;
  const std::string day = asOf.empty() ? today() : asOf;
  std::vector<std::string> unreal;
  for (const FieldSpec& field : kind->fields) {
    const std::string value = reading.fieldValue(field.name);
    if (value.empty()) continue;
    switch (field.type) {
      case FieldSpec::Type::Uscc: {
        const std::string prefix = field.name == "uscc" ? "" : field.name + "_";
        if (field.name != "uscc" && isPre2015TaxNumber(value)) {
          checks.push_back({prefix + "tax_number_format", true,
                            "a 15-digit tax registration number (issued before 2015)"});
          break;
        }
        checks.push_back(usccChecksum(prefix + "uscc_checksum", value));
        checks.push_back(organisationCode(prefix + "organisation_code_checksum", value));
        break;
      }
      case FieldSpec::Type::IdNumber:
        checks.push_back(idNumber(value, reading.fieldValue("birth_date")));
        break;
      case FieldSpec::Type::Date:
      case FieldSpec::Type::TermEnd:
        if (value != "long_term" && !DocumentDates::parse(value)) unreal.push_back(field.name);
        if (isIssueDate(field.name) && DocumentDates::parse(value))
          checks.push_back(dateOrder(field.name + "_not_in_future", value, day));
        break;
      case FieldSpec::Type::AmountWords:
        if (!field.checks.empty() && !reading.fieldValue(field.checks).empty())
          checks.push_back(
              amountInWords("amount_in_words_matches", value, reading.fieldValue(field.checks)));
        break;
      default:
        break;
    }
  }
  if (!unreal.empty()) {
    std::string names;
    for (const auto& name : unreal) names += (names.empty() ? "" : ", ") + name;
    checks.push_back({"dates_real", false, "not a real calendar date: " + names});
  } else {
    checks.push_back({"dates_real", true, ""});
  }
  const auto has = [&](const char* name) { return !reading.fieldValue(name).empty(); };
  if (has("established_date") && has("term_end") && reading.fieldValue("term_end") != "long_term")
    checks.push_back(dateOrder("term_after_establishment", reading.fieldValue("established_date"),
                               reading.fieldValue("term_end")));
  if (has("start_date") && has("end_date"))
    checks.push_back(dateOrder("start_before_end", reading.fieldValue("start_date"),
                               reading.fieldValue("end_date")));
  if (has("signed_date") && has("end_date"))
    checks.push_back(dateOrder("signed_before_end", reading.fieldValue("signed_date"),
                               reading.fieldValue("end_date")));
  if (has("valid_until"))
    checks.push_back(inForce("licence_in_force", reading.fieldValue("valid_until"), day));
  else if (has("term_end") && reading.kind == "business_license")
    checks.push_back(inForce("licence_in_force", reading.fieldValue("term_end"), day));
  if (reading.kind == "store_lease" && has("end_date"))
    checks.push_back(inForce("lease_in_force", reading.fieldValue("end_date"), day));
  if (has("amount_excl_tax") && has("tax") && has("tax_rate"))
    checks.push_back(taxAtRate(reading.fieldValue("amount_excl_tax"), reading.fieldValue("tax"),
                               reading.fieldValue("tax_rate")));
  if (has("amount_excl_tax") && has("tax") && has("total"))
    checks.push_back(invoiceArithmetic(reading.fieldValue("amount_excl_tax"),
                                       reading.fieldValue("tax"), reading.fieldValue("total")));
  return checks;
}

}  // namespace aviary
