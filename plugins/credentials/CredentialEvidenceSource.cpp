#include "CredentialEvidenceSource.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "CachedDocumentReader.h"
#include "ChineseAmount.h"
#include "CredentialCommands.h"
#include "CredentialReader.h"
#include "CrossDocumentChecks.h"
#include "DocumentAnnotator.h"
#include "DocumentChecks.h"
#include "DocumentDates.h"
#include "DocumentLedger.h"
#include "DocumentReadingJson.h"
#include "InterviewEngine.h"
#include "PaddleOcrEngine.h"
#include "SignboardMatcher.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

double amountOf(const DocumentReading& reading, const std::string& field) {
  const auto fen = ChineseAmount::parseFigures(reading.fieldValue(field));
  return fen ? static_cast<double>(*fen) / 100.0 : 0.0;
}

// The monthly mean of one kind of figure across documents (several bills of one kind are
// several months).
struct MonthlyFigure {
  double sum = 0.0;
  int count = 0;
  std::vector<std::string> files;
  double mean() const { return count ? sum / count : 0.0; }
};

// Each photo read (or taken from the reading cache): its kind, fields and annotated image.
// Returns false when the reader itself failed (the whole assessment then fails).
bool readDocuments(const nlohmann::json& images, const AssessmentRequest& request,
                   const CachedDocumentReader& reader, Evidence& evidence,
                   std::vector<DocumentReading>& readings,
                   std::vector<DocumentLedger::Document>& hashed, std::string& failure) {
  for (const auto& item : images) {
    if (!item.is_string()) {
      evidence.warnings.push_back("inputs.credentials.images holds a non-string entry: skipped");
      continue;
    }
    const std::string relative = item.get<std::string>();
    const std::filesystem::path path =
        std::filesystem::path(relative).is_absolute()
            ? std::filesystem::path(relative)
            : std::filesystem::path(request.baseDirectory) / relative;
    std::vector<std::uint8_t> annotated;
    DocumentReading reading;
    try {
      reading = reader.read(path.string(), relative, &annotated);
    } catch (const std::exception& error) {
      failure = error.what();
      return false;
    }
    if (!reading.error.empty()) {
      evidence.warnings.push_back(relative + ": " + reading.error);
    } else if (reading.reshoot) {
      evidence.warnings.push_back(relative + ": re-shoot needed: " + *reading.reshoot);
    } else {
      evidence.facts.push_back({"document_kind",
                                reading.kind,
                                {relative, reading.ocrEngine + "+classifier", reading.confidence}});
      for (const auto& [name, field] : reading.fields)
        evidence.facts.push_back({reading.kind + "." + name,
                                  field.value,
                                  {relative, reading.ocrEngine, field.confidence}});
      if (!annotated.empty())
        evidence.artifacts.push_back({Artifact::Kind::Image, "document:" + relative,
                                      relative + " as read (" + reading.kind + ")", "image/jpeg",
                                      "", std::move(annotated)});
    }
    if (reading.hasPerceptualHash)
      hashed.push_back({relative, path.string(), reading.perceptualHash, reading.kind});
    if (reading.hasPerceptualHash)
      evidence.facts.push_back({"perceptual_hash",
                                DocumentReadingJson::hashHex(reading.perceptualHash),
                                {relative, "phash-64", 1.0}});
    evidence.artifacts.push_back({Artifact::Kind::Table,
                                  "fields:" + relative,
                                  "Fields and checks of " + relative,
                                  "application/json",
                                  DocumentReadingJson::toJson(reading).dump(),
                                  {}});
    readings.push_back(std::move(reading));
  }
  return true;
}

// Checks per document and across documents, as warnings, counts and a table.
void tallyChecks(const std::vector<DocumentReading>& readings, Evidence& evidence) {
  int failed = 0, unverified = 0, unreadable = 0, read = 0;
  for (const auto& reading : readings) {
    if (!reading.error.empty() || reading.reshoot) {
      ++unreadable;
      continue;
    }
    if (reading.kind != "unknown") ++read;
    for (const auto& check : reading.checks)
      if (check.unverified) {
        ++unverified;
        evidence.warnings.push_back(reading.file + ": check " + check.name +
                                    " could not be made: " + check.detail);
      } else if (!check.passed) {
        ++failed;
        evidence.warnings.push_back(reading.file + ": check " + check.name +
                                    " failed: " + check.detail);
      }
  }
  const std::vector<CheckResult> cross = CrossDocumentChecks::run(readings);
  nlohmann::json crossTable = nlohmann::json::array();
  for (const auto& check : cross) {
    crossTable.push_back(
        {{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
    if (!check.passed) {
      ++failed;
      evidence.warnings.push_back("across documents: " + check.name + " failed: " + check.detail);
    }
  }
  evidence.artifacts.push_back({Artifact::Kind::Table,
                                "cross_document_checks",
                                "Checks across the merchant's documents",
                                "application/json",
                                crossTable.dump(),
                                {}});
  // Near copies among this merchant's own photos (the database compares across merchants).
  for (std::size_t i = 0; i < readings.size(); ++i)
    for (std::size_t j = i + 1; j < readings.size(); ++j)
      if (readings[i].hasPerceptualHash && readings[j].hasPerceptualHash &&
          __builtin_popcountll(readings[i].perceptualHash ^ readings[j].perceptualHash) <= 6)
        evidence.warnings.push_back(readings[i].file + " and " + readings[j].file +
                                    " are the same or nearly the same image");

  evidence.features["failed_checks"] = failed;
  evidence.features["unverified_checks"] = unverified;
  evidence.features["unreadable_documents"] = unreadable;
  evidence.features["documents_read"] = read;
}

// The interview transcript travels with the evidence, so it is stored with the case.
void attachInterview(const nlohmann::json& inputs, const AssessmentRequest& request,
                     Evidence& evidence) {
  if (inputs.contains("interview") && inputs["interview"].is_string()) {
    const std::filesystem::path relative = inputs["interview"].get<std::string>();
    const auto path =
        relative.is_absolute() ? relative : std::filesystem::path(request.baseDirectory) / relative;
    std::ifstream in(path);
    const auto transcript = nlohmann::json::parse(in, nullptr, false);
    if (!in.is_open() || transcript.is_discarded() || !transcript.contains("turns"))
      evidence.warnings.push_back(
          "inputs.credentials.interview " + relative.string() +
          " is not a transcript from `aviary interview --transcript`: not attached");
    else
      evidence.artifacts.push_back({Artifact::Kind::Table,
                                    "interview_transcript",
                                    "Interview transcript",
                                    "application/json",
                                    transcript.dump(),
                                    {}});
  }
}

// The last business licence read, if any.
const DocumentReading* businessLicence(const std::vector<DocumentReading>& readings) {
  const DocumentReading* licence = nullptr;
  for (const auto& reading : readings)
    if (reading.error.empty() && !reading.reshoot && reading.kind == "business_license")
      licence = &reading;
  return licence;
}

// The amounts documents show per month, added up by kind.
struct DocumentedFigures {
  MonthlyFigure rent, payroll, pos, bankIn, invoices;
  std::map<std::string, MonthlyFigure> utilities;
  std::set<std::string> invoiceMonths;
};

// Sums the documents' amounts and names their counterparties (other than the merchant
// itself, as far as a licence read before them names it).
DocumentedFigures sumFigures(const std::vector<DocumentReading>& readings, Evidence& evidence) {
  DocumentedFigures figures;
  const DocumentReading* licence = nullptr;
  std::set<std::string> counterparties;
  for (const auto& reading : readings) {
    if (!reading.error.empty() || reading.reshoot) continue;
    const std::string& k = reading.kind;
    if (k == "business_license") licence = &reading;
    auto add = [&](MonthlyFigure& figure, const std::string& field) {
      const double value = amountOf(reading, field);
      if (value <= 0) return;
      figure.sum += value;
      ++figure.count;
      figure.files.push_back(reading.file);
    };
    if (k == "store_lease") add(figures.rent, "monthly_rent");
    if (k == "electricity_bill" || k == "water_bill" || k == "gas_bill" || k == "property_fee")
      add(figures.utilities[k], "amount");
    if (k == "social_insurance") add(figures.utilities[k], "amount");
    if (k == "payroll") add(figures.payroll, "total_amount");
    if (k == "pos_settlement") add(figures.pos, "amount");
    if (k == "bank_statement") add(figures.bankIn, "total_in");
    if (k == "vat_invoice_ordinary" || k == "vat_invoice_special") {
      add(figures.invoices, "total");
      const auto date = DocumentDates::parse(reading.fieldValue("date"));
      if (date) figures.invoiceMonths.insert(date->iso().substr(0, 7));
    }
    for (const char* field : {"buyer_name", "supplier", "lessor", "party_a", "buyer"}) {
      const std::string party = reading.fieldValue(field);
      if (!party.empty() &&
          !(licence && TextSimilarity::sameOrganisation(party, licence->fieldValue("name"))))
        counterparties.insert(TextSimilarity::organisationCore(party));
    }
  }
  evidence.features["counterparty_count"] = static_cast<double>(counterparties.size());
  for (const auto& party : counterparties)
    evidence.facts.push_back({"counterparty", party, {"documents", "tesseract", 0.8}});
  return figures;
}

void describeLicence(const DocumentReading& licence, const std::string& asOf, Evidence& evidence) {
  const auto established = DocumentDates::parse(licence.fieldValue("established_date"));
  const auto day = DocumentDates::parse(asOf);
  if (established && day) {
    evidence.features["business_age_months"] = established->monthsUntil(*day);
    evidence.facts.push_back(
        {"established_date",
         established->iso(),
         {licence.file, "tesseract", licence.fields.at("established_date").confidence}});
  }
  for (const auto& check : licence.checks)
    if (check.name == "licence_in_force" && !check.unverified)
      evidence.features["licence_in_force"] = check.passed ? 1.0 : 0.0;
  if (!licence.fieldValue("business_scope").empty())
    evidence.facts.push_back(
        {"licensed_activity",
         licence.fieldValue("business_scope"),
         {licence.file, "tesseract", licence.fields.at("business_scope").confidence}});
}

// Storefront: does the signboard name the business? The scene is described only as far as
// image statistics allow (day/night, open/shuttered), each with its confidence.
void matchStorefronts(const std::vector<DocumentReading>& readings,
                      const std::string& registeredName, Evidence& evidence) {
  double bestSignboard = -1.0;
  for (const auto& reading : readings) {
    if (reading.kind != "storefront_photo" || !reading.error.empty()) continue;
    if (const auto scene = reading.fields.find("scene"); scene != reading.fields.end())
      evidence.facts.push_back(
          {"storefront_scene",
           scene->second.value,
           {reading.file, "opencv-image-statistics", scene->second.confidence}});
    if (registeredName.empty()) {
      evidence.warnings.push_back(reading.file +
                                  ": the signboard cannot be matched: no business licence was "
                                  "read and inputs.credentials.merchant_name is not set");
      continue;
    }
    const auto sign = reading.fields.find("signboard_text");
    if (sign == reading.fields.end()) continue;
    const SignboardMatcher::Match match =
        SignboardMatcher::match(sign->second.value, sign->second.confidence, registeredName);
    bestSignboard = std::max(bestSignboard, match.score);
    evidence.facts.push_back({"storefront_matches_business_name",
                              match.matches ? "true" : "false",
                              {reading.file, "tesseract-signboard", match.confidence}});
    if (!match.matches)
      evidence.warnings.push_back(reading.file + ": the signboard reads '" + sign->second.value +
                                  "', not the registered name '" + registeredName +
                                  "': ask for a photo of this merchant's own shop front");
  }
  if (bestSignboard >= 0.0) evidence.features["signboard_match"] = bestSignboard;
}

// Fixed costs and revenue per month. Revenue is the best-documented source, not a sum
// (POS takings also reach the bank).
void reportMonthlyMoney(const DocumentedFigures& figures, Evidence& evidence) {
  double fixed = figures.rent.mean() + figures.payroll.mean();
  for (const auto& [kind, figure] : figures.utilities) fixed += figure.mean();
  auto figureFact = [&](const std::string& name, const MonthlyFigure& figure) {
    if (figure.count == 0) return;
    std::string files;
    for (const auto& file : figure.files) files += (files.empty() ? "" : ",") + file;
    evidence.facts.push_back(
        {name,
         ChineseAmount::toFigures(static_cast<std::int64_t>(figure.mean() * 100 + 0.5)),
         {files, "tesseract", 0.9}});
  };
  figureFact("monthly_rent_cny", figures.rent);
  figureFact("monthly_payroll_cny", figures.payroll);
  for (const auto& [kind, figure] : figures.utilities) figureFact(kind + "_monthly_cny", figure);
  if (fixed > 0) evidence.features["monthly_fixed_costs_cny"] = fixed;
  const double invoiceMonthly =
      figures.invoices.count
          ? figures.invoices.sum / std::max<std::size_t>(1, figures.invoiceMonths.size())
          : 0.0;
  const double revenue = std::max({figures.pos.mean(), figures.bankIn.mean(), invoiceMonthly});
  figureFact("pos_monthly_settlement_cny", figures.pos);
  figureFact("bank_monthly_inflow_cny", figures.bankIn);
  if (figures.invoices.count) {
    MonthlyFigure perMonth = figures.invoices;
    perMonth.sum = invoiceMonthly;
    perMonth.count = 1;
    figureFact("invoiced_monthly_revenue_cny", perMonth);
  }
  if (revenue > 0) evidence.features["documented_monthly_revenue_cny"] = revenue;
}
}  // namespace

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
      {"interview", "path", false, "transcript written by `aviary interview --transcript`"},
  };
  d.features = {
      {"business_age_months", Type::Number, "months",
       "months since the licence's establishment date"},
      {"licence_in_force", Type::Boolean, "", "the business licence is valid today"},
      {"monthly_fixed_costs_cny", Type::Number, "cny", "rent, utilities and payroll per month"},
      {"documented_monthly_revenue_cny", Type::Number, "cny", "revenue shown by invoices and POS"},
      {"failed_checks", Type::Number, "checks", "checks that failed across all documents"},
      {"unverified_checks", Type::Number, "checks",
       "checks that could not be made because a value they need was not read"},
      {"unreadable_documents", Type::Number, "documents", "documents that need a re-shoot"},
      {"documents_read", Type::Number, "documents", "documents read and classified into a kind"},
      {"counterparty_count", Type::Number, "parties",
       "distinct buyers, suppliers and lessors named on the documents"},
      {"signboard_match", Type::Number, "score",
       "0..1: how closely the best storefront signboard reads as the registered name "
       "(0.7 and above: a match)"},
  };
  d.features.push_back(DocumentLedger::duplicateFeature());
  return d;
}

void CredentialEvidenceSource::initialize(PluginHost& host) {
  host_ = &host;
  PaddleOcrEngine::setModelDirectory(host.resourceDirectory() / "models" / "ppocr");
}

std::vector<CommandDescription> CredentialEvidenceSource::commands() const {
  return CredentialCommands::list();
}

int CredentialEvidenceSource::runCommand(const std::string& name,
                                         const std::vector<std::string>& arguments,
                                         std::ostream& out, std::ostream& err) {
  return CredentialCommands::run(name, arguments, out, err);
}

Evidence CredentialEvidenceSource::assess(const AssessmentRequest& request) {
  using Clock = std::chrono::steady_clock;
  nlohmann::json inputs;
  try {
    inputs = nlohmann::json::parse(request.inputsJson.empty() ? "{}" : request.inputsJson);
  } catch (const std::exception& error) {
    return Evidence::unavailable(id(), request.merchantId,
                                 std::string("inputs.credentials is not valid JSON (") +
                                     error.what() + "): give {\"images\": [paths]}");
  }
  if (!inputs.contains("images") || !inputs["images"].is_array() || inputs["images"].empty())
    return Evidence::unavailable(id(), request.merchantId,
                                 "no document photos: add inputs.credentials.images, a list of "
                                 "photo paths");
  Evidence evidence;
  evidence.sourceId = id();
  evidence.sourceVersion = version();
  evidence.merchantId = request.merchantId;
  const std::string asOf = request.asOf.empty() ? DocumentChecks::today() : request.asOf;
  const CachedDocumentReader reader(host_, version(), asOf);

  const auto readStart = Clock::now();
  std::vector<DocumentReading> readings;
  std::vector<DocumentLedger::Document> hashed;
  std::string failure;
  if (!readDocuments(inputs["images"], request, reader, evidence, readings, hashed, failure))
    return Evidence::failed(id(), request.merchantId, failure);
  evidence.timings.push_back(
      {"read", std::chrono::duration<double, std::milli>(Clock::now() - readStart).count()});

  const auto analyseStart = Clock::now();
  tallyChecks(readings, evidence);
  attachInterview(inputs, request, evidence);
  const DocumentedFigures figures = sumFigures(readings, evidence);
  const DocumentReading* licence = businessLicence(readings);
  if (licence != nullptr) describeLicence(*licence, asOf, evidence);
  // The registered name comes from the licence, else from inputs.credentials.merchant_name.
  std::string registeredName = licence != nullptr ? licence->fieldValue("name") : "";
  if (registeredName.empty() && inputs.contains("merchant_name") &&
      inputs["merchant_name"].is_string())
    registeredName = inputs["merchant_name"].get<std::string>();
  matchStorefronts(readings, registeredName, evidence);
  reportMonthlyMoney(figures, evidence);
  compareWithOtherMerchants(request, hashed, evidence);
  evidence.timings.push_back(
      {"analyse", std::chrono::duration<double, std::milli>(Clock::now() - analyseStart).count()});
  return evidence;
}

void CredentialEvidenceSource::compareWithOtherMerchants(
    const AssessmentRequest& request, const std::vector<DocumentLedger::Document>& documents,
    Evidence& evidence) const {
  if (host_ == nullptr || host_->databaseConnection().empty()) return;  // no ledger to compare
  std::int64_t caseId = 0;
  try {
    caseId = std::stoll(request.caseId);
  } catch (const std::exception&) {
    // Not a stored case (a dry run): compared, not recorded.
  }
  try {
    const DocumentLedger ledger(host_->databaseConnection(), host_->databaseSchema());
    DocumentLedger::annotate(evidence,
                             ledger.compareAndRecord(request.merchantId, caseId, documents));
  } catch (const std::exception& error) {
    evidence.warnings.push_back(
        std::string("documents could not be compared with other merchants' (") + error.what() +
        "): run 'aviary db migrate'");
  }
}

std::string CredentialEvidenceSource::interview(const AssessmentRequest& request,
                                                const std::vector<std::string>& answers) {
  // The interview of `aviary credential interview`, one turn per call: the documents read so
  // far (from the memo, not read again), then every answer given, then the next question.
  const auto inputs =
      nlohmann::json::parse(request.inputsJson.empty() ? "{}" : request.inputsJson, nullptr, false);
  const std::string asOf = request.asOf.empty() ? DocumentChecks::today() : request.asOf;
  const CachedDocumentReader reader(host_, version(), asOf);
  std::vector<DocumentReading> readings;
  if (inputs.is_object() && inputs.contains("images") && inputs["images"].is_array())
    for (const auto& item : inputs["images"]) {
      if (!item.is_string()) continue;
      const std::filesystem::path relative = item.get<std::string>();
      const auto path = relative.is_absolute()
                            ? relative
                            : std::filesystem::path(request.baseDirectory) / relative;
      std::vector<std::uint8_t> annotated;
      DocumentReading reading =
          reader.read(path.string(), relative.filename().string(), &annotated);
      if (reading.error.empty() && !reading.reshoot) readings.push_back(std::move(reading));
    }
  InterviewEngine engine({request.merchantId, "", asOf, 4}, std::move(readings));
  for (const auto& answer : answers) {
    if (!engine.next()) break;
    engine.answer(answer);
  }
  const auto question = engine.next();
  nlohmann::json reply = {{"question", nullptr}, {"transcript", engine.transcript()}};
  if (question)
    reply["question"] = {{"id", question->id},
                         {"topic", question->topic},
                         {"text", question->text},
                         {"why", question->why}};
  return reply.dump();
}

}  // namespace aviary
