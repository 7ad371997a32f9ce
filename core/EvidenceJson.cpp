#include "EvidenceJson.h"

#include "Base64.h"

namespace aviary {

nlohmann::json toJson(const Evidence& evidence) {
  nlohmann::json json;
  json["source_id"] = evidence.sourceId;
  json["source_version"] = evidence.sourceVersion;
  json["merchant_id"] = evidence.merchantId;
  json["status"] = toString(evidence.status);
  json["error"] = evidence.error;
  json["features"] = nlohmann::json::object();
  for (const auto& [name, value] : evidence.features) json["features"][name] = value;
  json["facts"] = nlohmann::json::array();
  for (const auto& fact : evidence.facts)
    json["facts"].push_back({{"name", fact.name},
                             {"value", fact.value},
                             {"reference", fact.provenance.reference},
                             {"method", fact.provenance.method},
                             {"confidence", fact.provenance.confidence}});
  json["warnings"] = evidence.warnings;
  json["artifacts"] = nlohmann::json::array();
  for (const auto& artifact : evidence.artifacts) {
    nlohmann::json a = {{"kind", toString(artifact.kind)},
                        {"name", artifact.name},
                        {"title", artifact.title},
                        {"media_type", artifact.mediaType}};
    if (!artifact.data.empty()) a["data"] = nlohmann::json::parse(artifact.data, nullptr, false);
    if (!artifact.bytes.empty()) a["bytes_base64"] = encodeBase64(artifact.bytes);
    json["artifacts"].push_back(std::move(a));
  }
  json["timings"] = nlohmann::json::array();
  for (const auto& timing : evidence.timings)
    json["timings"].push_back({{"stage", timing.stage}, {"ms", timing.milliseconds}});
  return json;
}

Evidence evidenceFromJson(const nlohmann::json& json) {
  Evidence evidence;
  evidence.sourceId = json.at("source_id").get<std::string>();
  evidence.sourceVersion = json.value("source_version", "");
  evidence.merchantId = json.value("merchant_id", "");
  evidence.status = evidenceStatusFromString(json.value("status", "ok"));
  evidence.error = json.value("error", "");
  if (json.contains("features"))
    for (const auto& [name, value] : json.at("features").items())
      evidence.features[name] = value.is_number() ? value.get<double>() : 0.0;
  if (json.contains("facts"))
    for (const auto& f : json.at("facts"))
      evidence.facts.push_back(
          {f.value("name", ""),
           f.value("value", ""),
           {f.value("reference", ""), f.value("method", ""), f.value("confidence", 1.0)}});
  if (json.contains("warnings"))
    evidence.warnings = json.at("warnings").get<std::vector<std::string>>();
  if (json.contains("artifacts"))
    for (const auto& a : json.at("artifacts")) {
      Artifact artifact;
      artifact.kind = artifactKindFromString(a.value("kind", "table"));
      artifact.name = a.value("name", "");
      artifact.title = a.value("title", "");
      artifact.mediaType = a.value("media_type", "");
      if (a.contains("data")) artifact.data = a.at("data").dump();
      if (a.contains("bytes_base64"))
        artifact.bytes = decodeBase64(a.at("bytes_base64").get<std::string>());
      evidence.artifacts.push_back(std::move(artifact));
    }
  if (json.contains("timings"))
    for (const auto& t : json.at("timings"))
      evidence.timings.push_back({t.value("stage", ""), t.value("ms", 0.0)});
  return evidence;
}

nlohmann::json toJson(const SourceDescription& description) {
  nlohmann::json json;
  json["summary"] = description.summary;
  json["segments"] = description.segments;
  json["inputs"] = nlohmann::json::array();
  for (const auto& input : description.inputs)
    json["inputs"].push_back({{"name", input.name},
                              {"type", input.type},
                              {"required", input.required},
                              {"meaning", input.meaning}});
  json["features"] = nlohmann::json::array();
  for (const auto& feature : description.features)
    json["features"].push_back({{"name", feature.name},
                                {"type", toString(feature.type)},
                                {"unit", feature.unit},
                                {"meaning", feature.meaning}});
  return json;
}

}  // namespace aviary
