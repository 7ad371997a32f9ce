#include "ApiRequestParser.h"

#include <algorithm>
#include <cctype>

#include "ApiProblem.h"
#include "CaseFileError.h"

namespace aviary {
namespace {

bool isPrintable(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

ApiProblem badBody(const std::string& detail) {
  return ApiProblem(400, "Malformed request body", detail);
}

}  // namespace

std::string ApiRequestParser::bearerToken(std::string_view header) {
  constexpr std::string_view prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.size() > 300) return {};
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return {};
  std::string_view token = header.substr(prefix.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || !isPrintable(token) || token.find(' ') != std::string_view::npos) return {};
  return std::string(token);
}

std::int64_t ApiRequestParser::applicationId(std::string_view text) {
  const bool digits =
      !text.empty() && text.size() <= 18 && text.front() != '0' &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!digits)
    throw ApiProblem(404, "Application not found",
                     "'" + std::string(text.substr(0, 40)) +
                         "' is not an application id: use the id POST /v1/applications returned");
  return std::stoll(std::string(text));
}

std::string ApiRequestParser::documentName(std::string_view text) {
  const bool valid = !text.empty() && text.size() <= 100 && text.front() != '.' &&
                     std::all_of(text.begin(), text.end(), [](unsigned char c) {
                       return std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-';
                     });
  if (!valid)
    throw ApiProblem(400, "Invalid document name",
                     "name the document with 1-100 letters, digits, '.', '_' or '-' (not "
                     "starting with '.'), e.g. business-licence.jpg");
  return std::string(text);
}

std::string ApiRequestParser::idempotencyKey(std::string_view header) {
  if (header.empty()) return {};
  if (header.size() > 200 || !isPrintable(header))
    throw ApiProblem(400, "Invalid Idempotency-Key",
                     "send an Idempotency-Key of 1-200 printable ASCII characters, e.g. a UUID");
  return std::string(header);
}

nlohmann::json ApiRequestParser::parseObject(std::string_view body, const std::string& expected) {
  nlohmann::json json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (json.is_discarded())
    throw badBody("the body is not valid JSON: send " + expected +
                  " with Content-Type: application/json");
  if (!json.is_object()) throw badBody("the body must be one JSON object: send " + expected);
  return json;
}

CaseFile ApiRequestParser::application(std::string_view body, const std::string& key) {
  nlohmann::json json =
      parseObject(body, "the case file without inputs: {merchant, application, applicant, as_of}");
  if (json.contains("inputs"))
    throw ApiProblem(422, "Inputs are uploaded, not declared",
                     "leave out 'inputs': upload documents, parcels and trade to "
                     "/v1/applications/{id}/... after the application is opened");
  json["idempotency_key"] = key;
  try {
    return CaseFile::fromJson(json);
  } catch (const CaseFileError& error) {
    throw ApiProblem(422, "Invalid application", error.what());
  } catch (const nlohmann::json::exception& error) {
    throw ApiProblem(422, "Invalid application",
                     std::string("a field has the wrong type (") + error.what() +
                         "): see /v1/openapi.json for the schema");
  }
}

std::string ApiRequestParser::tradeFirmId(std::string_view body) {
  const nlohmann::json json = parseObject(body, "{\"firm_id\": \"<the dealer's id>\"}");
  const auto firm = json.find("firm_id");
  if (firm == json.end() || !firm->is_string() || firm->get<std::string>().empty() ||
      firm->get<std::string>().size() > 100 || !isPrintable(firm->get<std::string>()))
    throw ApiProblem(422, "Invalid trade",
                     "give firm_id, the dealer's id in the payment data (1-100 printable "
                     "characters), e.g. {\"firm_id\": \"F00068\"}");
  return firm->get<std::string>();
}

nlohmann::json ApiRequestParser::parcels(std::string_view body) {
  nlohmann::json json =
      parseObject(body, "a GeoJSON FeatureCollection of the farmer's parcels (Polygons)");
  const auto problem = [](const std::string& what) {
    return ApiProblem(422, "Invalid parcels",
                      what +
                          ": send a GeoJSON FeatureCollection whose features are Polygons "
                          "or MultiPolygons in longitude/latitude (EPSG:4326)");
  };
  if (json.value("type", nlohmann::json()) != "FeatureCollection")
    throw problem("the body's type is not FeatureCollection");
  const auto features = json.find("features");
  if (features == json.end() || !features->is_array() || features->empty())
    throw problem("the collection has no features");
  if (features->size() > kMaximumParcels)
    throw problem("more than " + std::to_string(kMaximumParcels) + " parcels");
  for (std::size_t i = 0; i < features->size(); ++i) {
    const auto& feature = (*features)[i];
    const std::string where = "feature " + std::to_string(i);
    if (!feature.is_object() || !feature.contains("geometry") || !feature["geometry"].is_object())
      throw problem(where + " has no geometry");
    const auto type = feature["geometry"].value("type", nlohmann::json());
    if (type != "Polygon" && type != "MultiPolygon")
      throw problem(where + " is not a Polygon or MultiPolygon");
    if (!feature["geometry"].contains("coordinates") ||
        !feature["geometry"]["coordinates"].is_array())
      throw problem(where + " has no coordinates");
  }
  return json;
}

std::string ApiRequestParser::interviewAnswer(std::string_view body) {
  const nlohmann::json json = parseObject(body, "{\"answer\": \"<the merchant's answer>\"}");
  const auto answer = json.find("answer");
  if (answer == json.end() || !answer->is_string() || answer->get<std::string>().size() > 2000)
    throw ApiProblem(422, "Invalid answer",
                     "give the merchant's answer as text of at most 2000 characters: "
                     "{\"answer\": \"...\"}");
  return answer->get<std::string>();
}

}  // namespace aviary
