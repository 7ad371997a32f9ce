#pragma once

#include <regex>
#include <string>

namespace aviary::satellite {

// Signed asset URLs (Planetary Computer's SAS tokens, S3 presigned links) carry their secret in
// the query string; messages name the file without it.
inline std::string withUrlQueriesHidden(const std::string& text) {
  static const std::regex query(R"re(((?:https?|s3|gs)://[^\s?)"']+)\?[^\s)"']*)re");
  return std::regex_replace(text, query, "$1?(query hidden)");
}

}  // namespace aviary::satellite
