#include "CreditModel.h"

#include <fstream>
#include <sstream>

#include <xgboost/c_api.h>

#include "Base64.h"
#include "BoosterPool.h"
#include "Sha256.h"
#include "XGBoostMatrix.h"

namespace aviary::credit {
namespace {

constexpr std::size_t kBatchRows = 4096;  // encoded in blocks to bound memory

std::string xgboostVersion() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

const char* const kRetrain =
    "retrain it with `aviary model train --data <applications.csv> --target <column> --bad "
    "<label> --out <model.json>`";

}  // namespace

CreditModel::CreditModel(FeatureEncoder encoder, std::vector<std::uint8_t> boosterUbj,
                         ProbabilityCalibrator calibrator, CreditTarget target,
                         nlohmann::json report)
    : encoder_(std::move(encoder)),
      calibrator_(calibrator),
      target_(std::move(target)),
      report_(std::move(report)),
      boosters_(std::make_shared<BoosterPool>(std::move(boosterUbj))),
      xgboostVersion_(xgboostVersion()) {
  sha256_ = sha256Hex(content().dump());
}

CreditModel CreditModel::withReferenceDistribution(nlohmann::json reference) const {
  CreditModel copy = *this;
  copy.report_["reference_distribution"] = std::move(reference);
  copy.sha256_ = sha256Hex(copy.content().dump());
  return copy;
}

nlohmann::json CreditModel::content() const {
  return {{"format", kFormatName},
          {"format_version", kFormatVersion},
          {"target", {{"column", target_.column}, {"bad", target_.badLabel}}},
          {"features", encoder_.toJson()},
          {"xgboost",
           {{"version", xgboostVersion_},
            {"encoding", "ubj+base64"},
            {"model", encodeBase64(boosters_->ubj())}}},
          {"calibration", calibrator_.toJson()},
          {"training_report", report_}};
}

std::string CreditModel::toJsonText() const {
  nlohmann::json json = content();
  json["sha256"] = sha256_;
  return json.dump(1) + "\n";
}

void CreditModel::save(const std::filesystem::path& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw CreditModelError("cannot write " + path.string() + "; check the directory exists");
  out << toJsonText();
  if (!out.flush()) throw CreditModelError("failed writing " + path.string() + "; disk full?");
}

CreditModel CreditModel::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CreditModelError("cannot open model file " + path.string() + "; check the path, or " +
                           kRetrain);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return fromJsonText(buffer.str(), path.string());
}

CreditModel CreditModel::fromJsonText(std::string_view text, const std::string& sourceName) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw CreditModelError("model file " + sourceName + " is not valid JSON (" + error.what() +
                           "); it is damaged or truncated: restore it from a backup or " +
                           kRetrain);
  }
  if (!json.is_object() || json.value("format", std::string()) != kFormatName)
    throw CreditModelError(sourceName + " is not an Aviary credit model (no \"format\": \"" +
                           kFormatName + "\"); pass a file written by `aviary model train`");
  const auto version = json.find("format_version");
  if (version == json.end() || !version->is_number_integer())
    throw CreditModelError("model file " + sourceName + " has no format_version; " + kRetrain);
  if (version->get<int>() != kFormatVersion)
    throw CreditModelError("model file " + sourceName + " has format version " +
                           std::to_string(version->get<int>()) +
                           ", but this Aviary reads version " + std::to_string(kFormatVersion) +
                           "; use the Aviary release that wrote it, or " + kRetrain);
  const auto hash = json.find("sha256");
  if (hash == json.end() || !hash->is_string())
    throw CreditModelError("model file " + sourceName + " has no sha256; " + kRetrain);
  const std::string expected = hash->get<std::string>();
  json.erase("sha256");
  if (sha256Hex(json.dump()) != expected)
    throw CreditModelError("model file " + sourceName +
                           " does not match its SHA-256: it was edited or damaged after "
                           "training; restore the original file or " +
                           kRetrain);
  try {
    CreditTarget target{json.at("target").at("column").get<std::string>(),
                        json.at("target").at("bad").get<std::string>()};
    const auto& xgboost = json.at("xgboost");
    if (xgboost.at("encoding").get<std::string>() != "ubj+base64")
      throw std::invalid_argument("unknown booster encoding");
    CreditModel model(FeatureEncoder::fromJson(json.at("features")),
                      decodeBase64(xgboost.at("model").get<std::string>()),
                      ProbabilityCalibrator::fromJson(json.at("calibration")), std::move(target),
                      json.value("training_report", nlohmann::json::object()));
    // The hash covers the XGBoost release that trained it, not the one loading it.
    model.xgboostVersion_ = xgboost.at("version").get<std::string>();
    model.sha256_ = sha256Hex(model.content().dump());
    if (model.sha256_ != expected)
      throw std::invalid_argument("content does not re-serialise to the same hash");
    return model;
  } catch (const CreditModelError&) {
    throw;
  } catch (const std::exception& error) {
    throw CreditModelError("model file " + sourceName + " is inconsistent (" + error.what() +
                           "); " + kRetrain);
  }
}

std::vector<std::string> CreditModel::featureColumns() const {
  std::vector<std::string> names;
  for (const auto& column : encoder_.columns()) names.push_back(column.name);
  return names;
}

double CreditModel::margin(const CreditRow& row) const {
  std::vector<float> encoded(encoder_.featureCount());
  encoder_.encode(row, encoded.data());
  return margins(encoded).front();
}

double CreditModel::probabilityOfDefault(const CreditRow& row) const {
  return calibrator_.probability(margin(row));
}

std::vector<double> CreditModel::margins(const std::vector<float>& encoded) const {
  const std::size_t columns = encoder_.featureCount();
  const std::size_t rows = columns ? encoded.size() / columns : 0;
  if (rows * columns != encoded.size())
    throw std::invalid_argument("encoded rows must have " + std::to_string(columns) +
                                " features each; encode them with encoder()");
  std::vector<double> out;
  out.reserve(rows);
  if (rows == 0) return out;
  auto booster = boosters_->acquire();
  for (std::size_t begin = 0; begin < rows; begin += kBatchRows) {
    const std::size_t count = std::min(kBatchRows, rows - begin);
    const auto block = booster->predictMargins(&encoded[begin * columns], count, columns);
    out.insert(out.end(), block.begin(), block.end());
  }
  return out;
}

std::vector<double> CreditModel::probabilitiesOfDefault(const std::vector<float>& encoded) const {
  std::vector<double> out = margins(encoded);
  for (double& value : out) value = calibrator_.probability(value);
  return out;
}

std::vector<double> CreditModel::probabilitiesOfDefault(const std::vector<CreditRow>& rows) const {
  const std::size_t columns = encoder_.featureCount();
  std::vector<double> out;
  out.reserve(rows.size());
  std::vector<float> encoded;
  for (std::size_t begin = 0; begin < rows.size(); begin += kBatchRows) {
    const std::size_t count = std::min(kBatchRows, rows.size() - begin);
    encoded.resize(count * columns);
    for (std::size_t i = 0; i < count; ++i) encoder_.encode(rows[begin + i], &encoded[i * columns]);
    const auto block = probabilitiesOfDefault(encoded);
    out.insert(out.end(), block.begin(), block.end());
  }
  return out;
}

ScoreExplanation CreditModel::contributions(const CreditRow& row) const {
  const std::size_t columns = encoder_.featureCount();
  std::vector<float> encoded(columns);
  encoder_.encode(row, encoded.data());
  const XGBoostMatrix matrix(encoded.data(), 1, columns);
  auto booster = boosters_->acquire();
  const std::vector<float> shap = booster->predictContributions(matrix, 1, columns);
  const std::vector<float> margin = booster->predictMargins(encoded.data(), 1, columns);

  ScoreExplanation explanation;
  explanation.margin = margin.front();
  explanation.probabilityOfDefault = calibrator_.probability(explanation.margin);
  explanation.bias = shap[columns];
  explanation.calibrationSlope = calibrator_.slope();
  explanation.calibrationIntercept = calibrator_.intercept();
  const auto& owner = encoder_.featureColumn();
  for (const auto& column : encoder_.columns()) explanation.contributions[column.name] = 0;
  for (std::size_t f = 0; f < columns; ++f)
    explanation.contributions[encoder_.columns()[owner[f]].name] += shap[f];
  return explanation;
}

}  // namespace aviary::credit
