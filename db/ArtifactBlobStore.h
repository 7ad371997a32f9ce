#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "Evidence.h"

namespace aviary {

// Binary artifacts (annotated document photos, parcel quicklooks) stored once, by their
// SHA-256, in artifact_blobs. Evidence as stored keeps a reference in their place,
// {"blob": {"sha256": ..., "media_type": ..., "bytes": n}}, so a photo read on upload, used
// by the decision and replayed later is written once instead of three times as base64 in
// JSON. Readers that show artifacts resolve the references back to "bytes_base64".
class ArtifactBlobStore {
 public:
  // The evidence's JSON form with references instead of bytes; the bytes not yet stored are
  // inserted in `tx`, so they commit or roll back with the rows that refer to them.
  static nlohmann::json store(pqxx::transaction_base& tx, const Evidence& evidence);

  // Adds "bytes_base64" beside every reference in these evidence documents, with one query.
  // A reference whose blob is missing is left as it is (the artifact shows without bytes).
  static void resolve(pqxx::transaction_base& tx, const std::vector<nlohmann::json*>& evidence);

  // The SHA-256 of every reference in one evidence document.
  static std::vector<std::string> references(const nlohmann::json& evidence);
};

}  // namespace aviary
