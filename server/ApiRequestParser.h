#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "CaseFile.h"

namespace aviary {

// Reads the parts of an API request a caller controls: path parameters, headers and JSON
// bodies. Everything it refuses is an ApiProblem (400/404/422) saying what to send instead,
// and nothing else escapes it (the fuzz target holds it to that). No database, no files.
class ApiRequestParser {
 public:
  // The token of "Authorization: Bearer <token>"; "" when absent or malformed.
  static std::string bearerToken(std::string_view header);
  // An application id from the path; 404 for anything that is not one.
  static std::int64_t applicationId(std::string_view text);
  // A document's name from the path: 1-100 of [A-Za-z0-9._-], not starting with '.'.
  static std::string documentName(std::string_view text);
  // The Idempotency-Key header: 1-200 printable ASCII characters; "" when absent.
  static std::string idempotencyKey(std::string_view header);

  // POST /v1/applications: the case file without inputs. The key (the channel's namespace
  // and the caller's Idempotency-Key) replaces any idempotency_key in the body.
  static CaseFile application(std::string_view body, const std::string& key);
  // PUT .../trade: {"firm_id": "..."}.
  static std::string tradeFirmId(std::string_view body);
  // PUT .../parcels: a GeoJSON FeatureCollection of (Multi)Polygons; returned re-serialised.
  static nlohmann::json parcels(std::string_view body);
  // POST .../interview: {"answer": "..."} (an empty answer counts as no answer).
  static std::string interviewAnswer(std::string_view body);

  static constexpr std::size_t kMaximumParcels = 1000;

 private:
  static nlohmann::json parseObject(std::string_view body, const std::string& expected);
};

}  // namespace aviary
