#include "ArtifactBlobStore.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "Base64.h"
#include "EvidenceJson.h"
#include "Sha256.h"

namespace aviary {
namespace {

bool isSha256Hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

nlohmann::json ArtifactBlobStore::store(pqxx::transaction_base& tx, const Evidence& evidence) {
  Evidence withoutBytes = evidence;
  for (auto& artifact : withoutBytes.artifacts) artifact.bytes.clear();
  nlohmann::json json = toJson(withoutBytes);
  std::set<std::string> sent;
  for (std::size_t i = 0; i < evidence.artifacts.size(); ++i) {
    const Artifact& artifact = evidence.artifacts[i];
    if (artifact.bytes.empty()) continue;
    const std::string sha = sha256Hex(std::string_view(
        reinterpret_cast<const char*>(artifact.bytes.data()), artifact.bytes.size()));
    if (sent.insert(sha).second)
      tx.exec_params(
          "INSERT INTO artifact_blobs (sha256, media_type, bytes) VALUES ($1, $2, $3) "
          "ON CONFLICT (sha256) DO NOTHING",
          sha, artifact.mediaType,
          pqxx::binarystring(artifact.bytes.data(), artifact.bytes.size()));
    json["artifacts"][i]["blob"] = {
        {"sha256", sha}, {"media_type", artifact.mediaType}, {"bytes", artifact.bytes.size()}};
  }
  return json;
}

std::vector<std::string> ArtifactBlobStore::references(const nlohmann::json& evidence) {
  std::vector<std::string> shas;
  if (!evidence.is_object() || !evidence.contains("artifacts") || !evidence["artifacts"].is_array())
    return shas;
  for (const auto& artifact : evidence["artifacts"])
    if (artifact.is_object() && artifact.contains("blob") && artifact["blob"].is_object()) {
      const std::string sha = artifact["blob"].value("sha256", "");
      if (isSha256Hex(sha)) shas.push_back(sha);
    }
  return shas;
}

void ArtifactBlobStore::resolve(pqxx::transaction_base& tx,
                                const std::vector<nlohmann::json*>& evidence) {
  std::set<std::string> wanted;
  for (const nlohmann::json* document : evidence)
    for (auto& sha : references(*document)) wanted.insert(std::move(sha));
  if (wanted.empty()) return;
  std::string array = "{";
  for (const auto& sha : wanted) array += (array.size() > 1 ? "," : "") + sha;
  array += "}";
  std::map<std::string, std::string> base64;
  for (const auto& row : tx.exec_params(
           "SELECT sha256, bytes FROM artifact_blobs WHERE sha256 = ANY($1::text[])", array)) {
    const pqxx::binarystring bytes(row[1]);
    base64[row[0].as<std::string>()] =
        encodeBase64(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  }
  for (nlohmann::json* document : evidence) {
    if (!document->is_object() || !document->contains("artifacts") ||
        !(*document)["artifacts"].is_array())
      continue;
    for (auto& artifact : (*document)["artifacts"]) {
      if (!artifact.is_object() || !artifact.contains("blob") || !artifact["blob"].is_object())
        continue;
      const auto found = base64.find(artifact["blob"].value("sha256", ""));
      if (found != base64.end()) artifact["bytes_base64"] = found->second;
    }
  }
}

}  // namespace aviary
